// The server's secret key, kept outside the database: JALON_SECRET_KEY (64 hex characters) or
// <data-dir>/keys/secret.key, created with mode 0600 on first start. Sub-keys derived from it
// encrypt sensitive fields (TOTP seeds) with libsodium AEAD, key the hashes of low-entropy
// secrets (recovery codes) and the audit chain's HMAC. Several app servers on one PostgreSQL must
// share the same key.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace jalon::access {

class Keys {
 public:
  // Throws std::runtime_error with an actionable message (bad permissions, bad length).
  static Keys load_or_create(const std::string& data_dir);
  static Keys from_bytes(const std::array<unsigned char, 32>& master);

  // nonce || ciphertext (XChaCha20-Poly1305); `context` binds the value to its use.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;
  // Keyed BLAKE2b, hex: for recovery codes and other secrets with some entropy.
  std::string keyed_hash(std::string_view data) const;
  // HMAC-SHA-256, hex, under a sub-key of its own: the audit chain and its checkpoints (SR 47).
  // Whoever can write the database but not read the key cannot rebuild a valid chain.
  std::string audit_mac(std::string_view data) const;

 private:
  std::array<unsigned char, 32> seal_key_{};
  std::array<unsigned char, 32> hash_key_{};
  std::array<unsigned char, 32> audit_key_{};
};

// SHA-256 of data, lower-case hex (session and reset tokens, audit chain).
std::string sha256_hex(std::string_view data);
// Constant-time comparison of two strings of equal length.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace jalon::access
