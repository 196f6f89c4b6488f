#include "core/text.h"

#include <doctest/doctest.h>

using namespace jalon::text;

TEST_CASE("fold removes case and accents, spells out ligatures") {
  CHECK(fold("Développeuse") == "developpeuse");
  CHECK(fold("ÉLÈVE À L'ÎLE") == "eleve a l'ile");
  CHECK(fold("Œuvre Ætna") == "oeuvre aetna");
  CHECK(fold("Aide-soignant(e)") == "aide-soignant(e)");
  CHECK(fold("l’été") == "l'ete");
  CHECK(fold("Ça") == "ca");
}

TEST_CASE("fold rejects invalid UTF-8") {
  CHECK(fold("\xff\xfe") == "");
}

TEST_CASE("fold of plain ASCII is its lower case") {
  CHECK(fold("Aide-Soignant (H/F) 2024") == "aide-soignant (h/f) 2024");
  CHECK(fold("") == "");
}

TEST_CASE("trim handles no-break spaces") {
  CHECK(trim("  Voiron\xC2\xA0") == "Voiron");
  CHECK(trim("\xE2\x80\xAF a b \t") == "a b");
  CHECK(trim("   ") == "");
}

TEST_CASE("length counts code points") {
  CHECK(length("été") == 3);
  CHECK(length("") == 0);
}

TEST_CASE("whole decimal integers only") {
  using jalon::text::to_int;
  CHECK(to_int("42", 0) == 42);
  CHECK(to_int("-3", 0) == -3);
  CHECK(to_int("", 7) == 7);
  CHECK(to_int("4x", 7) == 7);
  CHECK(to_int(" 4", 7) == 7);
  CHECK(to_int("99999999999", 7) == 7);
}
