#include "core/random.h"

#include <sodium.h>

#include <stdexcept>

namespace jalon {
namespace {
constexpr char kCrockford[] = "0123456789abcdefghjkmnpqrstvwxyz";
}

SystemRandom::SystemRandom() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

void SystemRandom::fill(void* buf, std::size_t n) { randombytes_buf(buf, n); }

std::string new_id(Random& rng) {
  unsigned char b[16];
  rng.fill(b, sizeof b);
  std::string out;
  out.reserve(26);
  unsigned acc = 0;
  int bits = 0;
  for (unsigned char c : b) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kCrockford[(acc >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kCrockford[(acc << (5 - bits)) & 31]);
  return out;
}

std::string new_token(Random& rng, std::size_t bytes) {
  std::string raw(bytes, '\0');
  rng.fill(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // drop the NUL
  return out;
}

bool looks_like_id(const std::string& s) {
  if (s.size() != 26) return false;
  for (char c : s) {
    if (std::string_view(kCrockford).find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace jalon
