#include "access/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "core/text.h"

namespace jalon::access {

std::string hash_password_with(std::string_view password, unsigned long long ops,
                               std::size_t mem_bytes) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

std::string hash_password(std::string_view password) {
  return hash_password_with(password, kArgonOps, kArgonMemBytes);
}

bool verify_password(std::string_view hash, std::string_view password) {
  std::string h(hash);
  return !h.empty() && crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash) {
  std::string h(hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), kArgonOps, kArgonMemBytes) != 0;
}

PasswordPolicy::PasswordPolicy(const assets::AssetSource& assets) {
  for (const char* name : {"security/common-passwords.txt", "security/french-passwords.txt"}) {
    auto body = assets.get(name);
    if (!body) throw std::runtime_error(std::string("missing embedded asset ") + name);
    std::istringstream in(*body);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::string w = text::fold(text::trim(line));
      if (text::length(w) >= 4) blocklist_.push_back(std::move(w));
    }
  }
  std::sort(blocklist_.begin(), blocklist_.end(), [](const auto& a, const auto& b) {
    return a.size() > b.size() || (a.size() == b.size() && a < b);
  });
  blocklist_.erase(std::unique(blocklist_.begin(), blocklist_.end()), blocklist_.end());
}

namespace {

// True when s is one short unit repeated ("abcabcabc", "aaaa").
bool is_repetition(const std::string& s) {
  for (size_t unit = 1; unit <= s.size() / 2; ++unit) {
    if (s.size() % unit != 0) continue;
    bool rep = true;
    for (size_t i = unit; i < s.size() && rep; ++i) rep = s[i] == s[i - unit];
    if (rep) return true;
  }
  return false;
}

void erase_all(std::string& s, const std::string& word) {
  if (word.empty()) return;
  for (size_t pos; (pos = s.find(word)) != std::string::npos;) s.erase(pos, word.size());
}

}  // namespace

Status PasswordPolicy::check(std::string_view password,
                             const std::vector<std::string>& context) const {
  if (!text::valid_utf8(password)) {
    return Error::invalid("Le mot de passe contient des caractères invalides.", "password");
  }
  size_t len = text::length(password);
  if (len < kMinPasswordLength) {
    return Error::invalid("Le mot de passe doit contenir au moins 15 caractères (" +
                              std::to_string(len) + " saisis). Une phrase de passe est idéale.",
                          "password");
  }
  if (len > kMaxPasswordLength) {
    return Error::invalid("Le mot de passe ne doit pas dépasser 256 caractères.", "password");
  }
  std::string rest = text::fold(password);
  if (is_repetition(rest)) {
    return Error::invalid(
        "Ce mot de passe est une répétition : choisissez une phrase moins "
        "prévisible.",
        "password");
  }
  // Remove the predictable parts; what remains must still carry some length.
  std::vector<std::string> words{"jalon", "insertion", "motdepasse", "password"};
  for (const auto& c : context) {
    std::string part;
    for (char ch : text::fold(c) + " ") {
      bool word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch & 0x80);
      if (word) {
        part += ch;
      } else {
        if (text::length(part) >= 4) words.push_back(part);
        part.clear();
      }
    }
  }
  for (const auto& w : words) erase_all(rest, w);
  for (const auto& w : blocklist_) {
    if (w.size() >= 5) erase_all(rest, w);
  }
  std::string kept;
  for (char ch : rest) {
    bool noise = (ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '_' || ch == '.' ||
                 ch == '!' || ch == '@' || ch == '#' || ch == '*';
    if (!noise) kept += ch;
  }
  if (text::length(kept) < 6 || is_repetition(kept)) {
    return Error::invalid(
        "Ce mot de passe est trop courant ou trop lié au service : ajoutez des "
        "mots que vous seul·e associez.",
        "password");
  }
  return ok_status();
}

}  // namespace jalon::access
