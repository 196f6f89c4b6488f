// The worked tests of modules-research.md §3.5: O2 (category derived from the situation), O3
// (examined exits and the dynamic-exit rate), O8 (RNCP rates of 20 respondents), O11
// (small-cell protection).
#include <doctest/doctest.h>

#include "outcomes/rules.h"

using namespace jalon::outcomes;

TEST_CASE("O2: the IAE category follows from the situation and the contract's length") {
  CHECK(category_of("cdd", 6) == kDurable);
  CHECK(category_of("cdd", 5) == kTransition);
  CHECK(category_of("interim", std::nullopt) == kUnknownCategory);  // flagged, not guessed
  CHECK(category_of("autre_siae", std::nullopt) == kPositive);
  CHECK(category_of("cdi", std::nullopt) == kDurable);
  CHECK(category_of("creation", std::nullopt) == kDurable);
  CHECK(category_of("contrat_aide", std::nullopt) == kTransition);
  CHECK(category_of("formation_qualifiante", std::nullopt) == kPositive);
  CHECK(category_of("formation_non_qualifiante", std::nullopt) == kOther);
  CHECK(category_of("recherche_emploi", std::nullopt) == kOther);
  // The threshold is a parameter.
  Params p;
  p.durable_months = 5;
  CHECK(category_of("cdd", 5, p) == kDurable);
}

TEST_CASE("O3: only exits meeting the minimum are examined; withdrawn reasons never are") {
  // ACI/EI: 3 months in the structure and at least 1 hour worked.
  CHECK(examined("aci", "2026-01-15", "2026-04-15", 400, false));
  CHECK_FALSE(examined("aci", "2026-01-15", "2026-04-14", 400, false));
  CHECK_FALSE(examined("ei", "2026-01-15", "2026-06-15", 0, false));
  CHECK_FALSE(examined("aci", "2026-01-15", "2026-09-15", 400, true));
  // AI/ETTI: 150 hours.
  CHECK(examined("ai", "2026-01-15", "2026-02-01", 150, false));
  CHECK_FALSE(examined("etti", "2026-01-15", "2026-12-01", 149, false));
  CHECK_FALSE(examined("ai", "2026-01-15", "2026-12-01", std::nullopt, false));
  // Rate of dynamic exits: (durable + transition + positive) / examined, both shown.
  struct E {
    const char* situation;
    std::optional<int> months;
    bool examined;
  };
  std::vector<E> exits = {{"cdi", {}, true},        {"cdd", 4, true},
                          {"autre_siae", {}, true}, {"recherche_emploi", {}, true},
                          {"cdi", {}, false},       {"inactivite", {}, true}};
  int64_t num = 0, den = 0;
  for (const auto& e : exits) {
    if (!e.examined) continue;
    ++den;
    if (is_dynamic(category_of(e.situation, e.months))) ++num;
  }
  auto r = rate(num, den, 1);
  CHECK(r.numerator == 3);
  CHECK(r.denominator == 5);
  CHECK(rate_text(r, 1) == "60 %");
}

TEST_CASE("O8: 20 respondents, 3 in studies, 1 in alternance, 12 employed of whom 9 in the job") {
  std::vector<Answer> answers;
  for (int i = 0; i < 3; ++i) answers.push_back({"formation_qualifiante", false});
  answers.push_back({"alternance", true});
  for (int i = 0; i < 9; ++i) answers.push_back({"cdi", true});
  for (int i = 0; i < 3; ++i) answers.push_back({"cdd", false});
  for (int i = 0; i < 4; ++i) answers.push_back({"recherche_emploi", false});
  REQUIRE(answers.size() == 20);
  auto r = rncp_rates(answers, 1);
  CHECK(r.respondents == 20);
  CHECK(r.neutralised == 4);
  CHECK(r.global.numerator == 12);
  CHECK(r.global.denominator == 16);
  CHECK(rate_text(r.global, 1) == "75 %");
  CHECK(r.target_job.numerator == 9);
  CHECK(rate_text(r.target_job, 1) == "56,25 %");
}

TEST_CASE("O11: no rate for a cell under the threshold, counts kept") {
  auto small = rate(10, 19, 20);
  CHECK_FALSE(small.shown);
  CHECK(small.numerator == 10);
  CHECK(small.denominator == 19);
  CHECK(rate_text(small, 20) == "effectif insuffisant (moins de 20)");
  auto enough = rate(10, 20, 20);
  CHECK(enough.shown);
  CHECK(rate_text(enough, 20) == "50 %");
  CHECK(rate_text(rate(0, 0, 20), 20) == "aucune donnée");
}

TEST_CASE("add_months clamps the day to the month") {
  CHECK(add_months("2026-01-31", 1) == "2026-02-28");
  CHECK(add_months("2027-12-31", 2) == "2028-02-29");
  CHECK(add_months("2026-11-24", 24) == "2028-11-24");
  CHECK(add_months("2026-08-15", 6) == "2027-02-15");
}

TEST_CASE("exits.profile packs what the rates read and unpacks it unchanged") {
  ExitProfile p;
  p.examined = true;
  p.category = kTransition;
  p.situation = "cdd";
  p.months = 5;
  p.m6 = {"renseigne", "interim", 120, true};
  p.m24 = {"injoignable", "", std::nullopt, false};
  auto q = unpack(pack(p));
  CHECK(q.examined);
  CHECK(q.category == kTransition);
  CHECK(q.situation == "cdd");
  CHECK(q.months == 5);
  CHECK(q.m6.status == "renseigne");
  CHECK(q.m6.situation == "interim");
  CHECK(q.m6.months == 120);
  CHECK(q.m6.target_job);
  CHECK(q.m24.status == "injoignable");
  CHECK(q.m24.situation.empty());
  CHECK_FALSE(q.m24.months);
  CHECK_FALSE(q.m24.target_job);
  // Every situation and status survives, and different profiles pack differently.
  for (const auto& s : situations()) {
    ExitProfile x;
    x.situation = s.code;
    x.m24.situation = s.code;
    CHECK(unpack(pack(x)).situation == s.code);
    CHECK(unpack(pack(x)).m24.situation == s.code);
  }
  ExitProfile none;
  CHECK(pack(none) != pack(p));
  CHECK(unpack(pack(none)).category.empty());
}
