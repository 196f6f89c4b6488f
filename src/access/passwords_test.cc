#include "access/passwords.h"

#include <doctest/doctest.h>

#include <string>

using namespace jalon::access;

TEST_CASE("SR 21: length rules, blocklist, context words, no trimming or composition rules") {
  PasswordPolicy policy{jalon::assets::AssetSource()};
  CHECK(policy.blocklist_size() > 3000);
  const std::vector<std::string> ctx{"ACI Voironnais", "camille.martin"};
  CHECK_FALSE(policy.check("quatorze-carac", ctx).ok());  // 14
  CHECK(policy.check("quinze-caracter", ctx).ok());       // 15
  CHECK(policy.check(std::string(128, 'x').replace(0, 20, "une phrase de passe "), ctx).ok());
  CHECK_FALSE(policy.check(std::string(257, 'y') + "z", ctx).ok());
  CHECK(policy.check("éléphant rose à vélo", ctx).ok());    // any Unicode, counted in code points
  CHECK_FALSE(policy.check("ééééééééééééééé", ctx).ok());   // a repetition
  CHECK_FALSE(policy.check("password12345678", ctx).ok());  // blocklisted word + digits
  CHECK_FALSE(policy.check("azertyuiop123456", ctx).ok());
  CHECK_FALSE(policy.check("jalon-insertion-2026", ctx).ok());  // service words
  CHECK_FALSE(policy.check("Voironnais!!2026-camille.martin", ctx).ok());
  CHECK(policy.check("  leading and trailing  ", ctx).ok());  // spaces are part of it
  auto err = policy.check("court", ctx);
  REQUIRE_FALSE(err.ok());
  CHECK(err.error().field == "password");
  CHECK(err.error().message.find("15 caractères") != std::string::npos);
}

TEST_CASE("SR 22: argon2id with m=19456 t=2 p=1, and outdated hashes need a rehash") {
  std::string h = hash_password("une phrase de passe assez longue");
  CHECK(h.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(verify_password(h, "une phrase de passe assez longue"));
  CHECK_FALSE(verify_password(h, "une phrase de passe assez longue "));
  CHECK_FALSE(verify_password("", "x"));
  CHECK_FALSE(password_needs_rehash(h));
  std::string old = hash_password_with("une phrase de passe assez longue", 1, 8 * 1024 * 1024);
  CHECK(password_needs_rehash(old));
  CHECK(verify_password(old, "une phrase de passe assez longue"));
}
