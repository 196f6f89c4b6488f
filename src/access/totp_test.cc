#include "access/totp.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

using namespace jalon;
using namespace jalon::access;

namespace {
std::string oathtool(const std::string& b32, long long at_seconds) {
  std::string cmd = "oathtool --totp -b " + b32 + " -N @" + std::to_string(at_seconds);
  std::unique_ptr<FILE, decltype(&pclose)> p(popen(cmd.c_str(), "r"), &pclose);
  std::array<char, 32> buf{};
  std::string out;
  while (p && fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  while (!out.empty() && (out.back() == '\n')) out.pop_back();
  return out;
}
}  // namespace

TEST_CASE(
    "SR 24: TOTP codes match oathtool, allow one step of drift, are single-use, and old codes "
    "fail") {
  SystemRandom rng;
  std::string secret = new_totp_secret(rng);
  CHECK(secret.size() == 20);  // 160 bits
  std::string b32 = base32(secret);
  const Millis now = 1'790'000'000'000;  // a fixed instant
  std::string code = oathtool(b32, now / 1000);
  REQUIRE(code.size() == 6);
  CHECK(totp_code(secret, now) == code);
  auto step = totp_match(secret, code, now, 0);
  REQUIRE(step);
  CHECK(*step == now / 1000 / 30);
  CHECK_FALSE(totp_match(secret, code, now, *step));  // replay of the same step
  // The previous step is still accepted (clock drift), the one before is not.
  CHECK(totp_match(secret, oathtool(b32, now / 1000 - 30), now, 0));
  CHECK_FALSE(totp_match(secret, oathtool(b32, now / 1000 - 90), now, 0));
  CHECK_FALSE(totp_match(secret, "12345", now, 0));
  CHECK_FALSE(totp_match(secret, "abcdef", now, 0));
  CHECK(otpauth_uri(secret, "a@b.fr").find("secret=" + b32) != std::string::npos);
  std::string svg = qr_svg(otpauth_uri(secret, "a@b.fr"));
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("role=\"img\"") != std::string::npos);
}
