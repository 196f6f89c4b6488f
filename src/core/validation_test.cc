#include "core/validation.h"

#include <doctest/doctest.h>

using namespace jalon;

TEST_CASE("validation: text, dates, integers and codes answer the field and the reason") {
  CHECK(validation::text("Voiron", "place", "Le lieu", 10).ok());
  auto long_text = validation::text("éééééééééééé", "place", "Le lieu", 10);  // 12 code points
  REQUIRE(!long_text.ok());
  CHECK(long_text.error().field == "place");
  CHECK(long_text.error().message == "Le lieu : 10 caractères au plus.");
  CHECK(validation::text("ééééé", "place", "Le lieu", 5).ok());  // 10 bytes, 5 code points
  CHECK(!validation::text("\xff", "place", "Le lieu", 10).ok());
  CHECK(validation::text("", "name", "le nom", 10, true).error().message == "Indiquez le nom.");

  std::optional<dates::Date> d;
  CHECK(validation::date("2026-02-28", "on", true, &d).ok());
  CHECK(d.has_value());
  CHECK(validation::date("", "on", true).error().message == "Cette date est obligatoire.");
  CHECK(validation::date("", "on", false).ok());
  CHECK(validation::date("2026-02-30", "on", false).error().field == "on");

  CHECK(*validation::integer("45", "duration", "La durée", 5, 480) == 45);
  for (const char* bad : {"", "4.5", "x", "481", "4", " 45", "99999999999999999999"}) {
    CAPTURE(bad);
    auto r = validation::integer(bad, "duration", "La durée", 5, 480);
    REQUIRE(!r.ok());
    CHECK(r.error().message == "La durée : un nombre entier de 5 à 480.");
  }

  referential::List modes = {{"sur_place", "Sur place", 1}, {"visio", "Visio", 0}};
  CHECK(validation::one_of("visio", modes, "mode", "le mode").ok());
  CHECK(validation::one_of("", modes, "mode", "le mode", false).ok());
  auto bad = validation::one_of("fax", modes, "mode", "le mode");
  REQUIRE(!bad.ok());
  CHECK(bad.error().message == "Choisissez le mode dans la liste.");
  CHECK(referential::sql_list(modes) == "'sur_place', 'visio'");
  CHECK(referential::sql_list(modes, 1) == "'sur_place'");
  CHECK(referential::label_of(modes, "visio") == "Visio");
  CHECK(referential::label_of(modes, "fax") == "fax");
  referential::List unsafe = {{"a'b", "x"}};
  CHECK_THROWS_AS(referential::sql_list(unsafe), std::logic_error);
}
