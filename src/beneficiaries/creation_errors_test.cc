// A creation form with several mistakes answers all of them at once (issue 14: every form shows
// all its errors), the first one still being the one a caller reading a single Error gets.
#include <doctest/doctest.h>

#include <algorithm>

#include "beneficiaries/service.h"
#include "support/case_fixture.h"

using namespace jalon;

TEST_CASE("a creation with several mistakes names every field at once and creates nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    beneficiaries::NewBeneficiary in;
    in.civility = "x";
    in.birth_date = "2026-13-40";
    in.email = "pas-une-adresse";
    in.phone = "12";
    in.prescriber_kind = "?";
    in.scheme = "?";
    auto r = f.people.create(f.c1, in);
    REQUIRE(!r.ok());
    const Error& err = r.error();
    CHECK(err.field == "notice_version");  // the first mistake, as before
    std::vector<std::string> fields;
    for (const auto& [field, message] : err.others) fields.push_back(field);
    for (const char* want : {"civility", "last_name", "first_name", "birth_date", "email", "phone",
                             "prescriber_kind", "entry_date", "scheme"}) {
      CAPTURE(want);
      CHECK(std::count(fields.begin(), fields.end(), want) == 1);
    }
    // One message per field: the notice's two checks (missing, length) are one mistake.
    CHECK(std::count(fields.begin(), fields.end(), "notice_version") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM beneficiaries") == 0);
  }
}
