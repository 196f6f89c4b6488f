// A creation form with several mistakes gets all of them at once (issue 14: every form shows
// all its errors); the service still answers the first of the same checks and creates nothing.
#include <doctest/doctest.h>

#include <algorithm>

#include "beneficiaries/checks.h"
#include "beneficiaries/service.h"
#include "support/case_fixture.h"

using namespace jalon;

TEST_CASE("a creation with several mistakes names every field at once and creates nothing") {
  beneficiaries::NewBeneficiary in;
  in.civility = "x";
  in.birth_date = "2026-13-40";
  in.email = "pas-une-adresse";
  in.phone = "12";
  in.prescriber_kind = "?";
  in.scheme = "?";
  auto mistakes = beneficiaries::creation_mistakes(in, dates::Date{20'000});
  std::vector<std::string> fields;
  for (const auto& e : mistakes) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"notice_version", "civility", "last_name", "first_name",
                                           "birth_date", "email", "phone", "prescriber_kind",
                                           "entry_date", "scheme"});
  for (const auto& e : mistakes) CHECK(e.kind == ErrorKind::kInvalid);

  for (auto engine : jalon::testing::engines()) {
    CAPTURE(store::engine_name(engine));
    jalon::testing::CaseFixture f(engine);
    auto r = f.people.create(f.c1, in);
    REQUIRE(!r.ok());
    CHECK(r.error().field == "notice_version");  // the first mistake, as before
    CHECK(r.error().message == mistakes.front().message);
    CHECK(f.count("SELECT COUNT(*) FROM beneficiaries") == 0);
  }
  in = {};
  in.civility = "mme";
  in.first_name = "Alix";
  in.last_name = "Morel";
  in.birth_date = "1990-04-12";
  in.prescriber_kind = "france_travail";
  in.entry_date = "2026-01-05";
  in.scheme = "iae";
  in.notice_version = "2026-01";
  CHECK(beneficiaries::creation_mistakes(in, dates::Date{20'000}).empty());
}
