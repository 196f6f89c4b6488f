#include "access/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "http/forms.h"

namespace jalon::access {
namespace {

void init_oath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath initialisation failed");
  });
}

}  // namespace

std::string new_totp_secret(Random& rng) {
  std::string s(20, '\0');
  rng.fill(s.data(), s.size());
  return s;
}

std::string base32(std::string_view bytes) {
  init_oath();
  char* out = nullptr;
  size_t len = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &len) != OATH_OK) {
    throw std::runtime_error("base32 encoding failed");
  }
  std::string s(out, len);
  std::free(out);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string otpauth_uri(std::string_view secret, std::string_view account) {
  return "otpauth://totp/Jalon:" + http::percent_encode(account) + "?secret=" + base32(secret) +
         "&issuer=Jalon&algorithm=SHA1&digits=6&period=30";
}

std::string totp_code(std::string_view secret, Millis at) {
  init_oath();
  char otp[7] = {0};
  if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(at / 1000), 30, 0, 6,
                         otp) != OATH_OK) {
    throw std::runtime_error("TOTP generation failed");
  }
  return otp;
}

std::optional<int64_t> totp_match(std::string_view secret, std::string_view code, Millis now,
                                  int64_t last_used_step) {
  if (code.size() != 6) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t step_now = (now / 1000) / 30;
  for (int64_t step : {step_now - 1, step_now, step_now + 1}) {
    if (step <= last_used_step) continue;
    std::string expected = totp_code(secret, step * 30 * 1000);
    if (expected.size() == code.size() &&
        std::equal(expected.begin(), expected.end(), code.begin())) {
      return step;
    }
  }
  return std::nullopt;
}

std::string qr_svg(std::string_view text) {
  std::string s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) throw std::runtime_error("QR encoding failed");
  const int w = qr->width, margin = 4, size = w + 2 * margin;
  std::string path;
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w; ++x) {
      if (qr->data[y * w + x] & 1) {
        path += "M" + std::to_string(x + margin) + " " + std::to_string(y + margin) + "h1v1h-1z";
      }
    }
  }
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) +
         "\" width=\"220\" height=\"220\" role=\"img\" aria-label=\"QR code à scanner avec "
         "votre application d'authentification\" shape-rendering=\"crispEdges\"><rect width=\"" +
         std::to_string(size) + "\" height=\"" + std::to_string(size) +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace jalon::access
