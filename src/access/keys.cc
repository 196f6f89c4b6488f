#include "access/keys.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace jalon::access {
namespace {

std::string to_hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

bool from_hex(std::string_view hex, std::array<unsigned char, 32>& out) {
  size_t len = 0;
  return hex.size() == 64 &&
         sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) ==
             0 &&
         len == 32;
}

}  // namespace

Keys Keys::from_bytes(const std::array<unsigned char, 32>& master) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  Keys k;
  crypto_kdf_derive_from_key(k.seal_key_.data(), k.seal_key_.size(), 1, "jalonSEA", master.data());
  crypto_kdf_derive_from_key(k.hash_key_.data(), k.hash_key_.size(), 2, "jalonHSH", master.data());
  crypto_kdf_derive_from_key(k.audit_key_.data(), k.audit_key_.size(), 3, "jalonAUD",
                             master.data());
  return k;
}

Keys Keys::load_or_create(const std::string& data_dir) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  std::array<unsigned char, 32> master{};
  if (const char* env = std::getenv("JALON_SECRET_KEY"); env && *env) {
    if (!from_hex(env, master)) {
      throw std::runtime_error("JALON_SECRET_KEY must be 64 hexadecimal characters");
    }
    return from_bytes(master);
  }
  namespace fs = std::filesystem;
  fs::path dir = fs::path(data_dir) / "keys";
  fs::path file = dir / "secret.key";
  if (!fs::exists(file)) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    randombytes_buf(master.data(), master.size());
    mode_t old = ::umask(077);
    std::ofstream(file) << to_hex(master.data(), master.size()) << "\n";
    ::umask(old);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    return from_bytes(master);
  }
  auto perms = fs::status(file).permissions();
  if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
    throw std::runtime_error(file.string() + " must be readable by its owner only (chmod 600)");
  }
  std::string hex;
  std::ifstream(file) >> hex;
  if (!from_hex(hex, master)) throw std::runtime_error(file.string() + " is not a valid key");
  return from_bytes(master);
}

std::string Keys::seal(std::string_view plaintext, std::string_view context) const {
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, nonce,
      seal_key_.data());
  return out;
}

std::optional<std::string> Keys::open(std::string_view sealed, std::string_view context) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  std::string out(sealed.size() - kNonce - kTag, '\0');
  unsigned long long mlen = 0;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, nonce + kNonce,
          sealed.size() - kNonce, reinterpret_cast<const unsigned char*>(context.data()),
          context.size(), nonce, seal_key_.data()) != 0) {
    return std::nullopt;
  }
  out.resize(mlen);
  return out;
}

std::string Keys::keyed_hash(std::string_view data) const {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     hash_key_.data(), hash_key_.size());
  return to_hex(h, sizeof h);
}

std::string Keys::audit_mac(std::string_view data) const {
  unsigned char h[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, audit_key_.data(), audit_key_.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  crypto_auth_hmacsha256_final(&st, h);
  return to_hex(h, sizeof h);
}

std::string sha256_hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(h, sizeof h);
}

bool equal_secrets(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jalon::access
