// Passwords: argon2id hashing with the SR 22 parameters (libsodium, PHC string
// `$argon2id$v=19$m=19456,t=2,p=1$…`), rehash detection, and the SR 21 policy: at least 15
// characters, at most 256, no composition rules, checked exactly as typed, refused when it is
// only common passwords, repetitions or words tied to the service.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/assets.h"
#include "core/result.h"

namespace jalon::access {

inline constexpr unsigned long long kArgonOps = 2;
inline constexpr std::size_t kArgonMemBytes = 19456ULL * 1024;
inline constexpr std::size_t kMinPasswordLength = 15;
inline constexpr std::size_t kMaxPasswordLength = 256;

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
bool password_needs_rehash(std::string_view hash);
// Hashing with other parameters: only for tests that seed an outdated hash.
std::string hash_password_with(std::string_view password, unsigned long long ops,
                               std::size_t mem_bytes);

class PasswordPolicy {
 public:
  // Loads the blocklist embedded in the binary (Openwall's list + French common passwords).
  explicit PasswordPolicy(const assets::AssetSource& assets);
  // context: words tied to this account (structure name, e-mail local part); "jalon" and
  // "insertion" are always included. The error message is French and names the field
  // "password".
  Status check(std::string_view password, const std::vector<std::string>& context) const;
  std::size_t blocklist_size() const { return blocklist_.size(); }

 private:
  std::vector<std::string> blocklist_;  // folded, length >= 4, longest first
};

}  // namespace jalon::access
