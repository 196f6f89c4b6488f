// Random source (libsodium's CSPRNG) and opaque identifiers. Every id the outside world sees is
// random, never a row number, so ids reveal nothing and cannot be enumerated.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace jalon {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(void* buf, std::size_t n) = 0;
};

// libsodium's randombytes_buf; thread-safe.
class SystemRandom final : public Random {
 public:
  SystemRandom();
  void fill(void* buf, std::size_t n) override;
};

// 128 random bits as 26 lowercase Crockford base32 characters (no padding).
std::string new_id(Random& rng);
// n random bytes, base64url without padding (tokens: sessions, CSRF, reset links).
std::string new_token(Random& rng, std::size_t bytes = 32);
// True when s has the shape new_id produces (used to reject garbage before touching the store).
bool looks_like_id(const std::string& s);

}  // namespace jalon
