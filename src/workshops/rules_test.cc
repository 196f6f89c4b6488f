#include "workshops/rules.h"

#include <doctest/doctest.h>

#include "workshops/referentials.h"

using namespace jalon::workshops;

TEST_CASE("workshop rates: the worked test of modules-research §1.6 (W4)") {
  // Capacity 10, 8 enrolled, 1 excused, 6 present (so 1 absent).
  Counts c{10, 8, 6, 1, 0, 1};
  Rates r = rates(c);
  REQUIRE(r.fill);
  REQUIRE(r.attendance);
  REQUIRE(r.no_show);
  CHECK(*r.fill == doctest::Approx(0.80));
  CHECK(*r.attendance == doctest::Approx(6.0 / 7.0));
  CHECK(*r.no_show == doctest::Approx(1.0 / 8.0));
  CHECK(percent(r.fill) == "80 %");
  CHECK(percent(r.attendance) == "85,7 %");
  CHECK(percent(r.no_show) == "12,5 %");
}

TEST_CASE("workshop rates: no capacity or nothing resolved gives no rate, sums add up") {
  Rates none = rates(Counts{0, 5, 0, 0, 0, 0});
  CHECK_FALSE(none.fill);
  CHECK_FALSE(none.no_show);
  CHECK(*none.attendance == doctest::Approx(0.0));
  CHECK(percent(none.fill) == "—");
  Counts a{10, 8, 6, 1, 0, 1}, b{12, 12, 9, 0, 2, 1};
  a += b;
  Rates t = rates(a);
  CHECK(*t.fill == doctest::Approx(20.0 / 22.0));
  CHECK(*t.attendance == doctest::Approx(15.0 / 17.0));
  CHECK(*t.no_show == doctest::Approx(2.0 / 20.0));
  Counts unlimited{0, 6, 6, 0, 0, 0};  // a session without capacity leaves the fill rate alone
  a += unlimited;
  CHECK(*rates(a).fill == doctest::Approx(20.0 / 22.0));
  CHECK(*rates(a).attendance == doctest::Approx(21.0 / 23.0));
}

TEST_CASE("workshop participation: before/after start rule (W3)") {
  const jalon::Millis start = 1'000'000'000'000;
  auto ok = [&](std::string_view from, std::string_view to, jalon::Millis now) {
    return check_status(from, to, start, now, "Europe/Paris", "Alix", "status").ok();
  };
  CHECK(ok(kUndetermined, kExcused, start - 1));
  CHECK(ok(kUndetermined, kCancelled, start - 1));
  CHECK_FALSE(ok(kUndetermined, kPresent, start - 1));
  CHECK_FALSE(ok(kUndetermined, kAbsent, start - 1));
  CHECK(ok(kUndetermined, kPresent, start));
  CHECK(ok(kPresent, kAbsent, start + 1));
  CHECK_FALSE(ok(kPresent, kUndetermined, start + 1));
  CHECK(ok(kUndetermined, kUndetermined, start + 1));  // unchanged is accepted
  CHECK_FALSE(ok(kUndetermined, "honore", start + 1));
  auto st = check_status(kUndetermined, kPresent, start, start - 1, "Europe/Paris", "Alix Morel",
                         "status_x");
  CHECK(st.error().field == "status_x");
  CHECK(st.error().message.find("Alix Morel") == 0);
}

TEST_CASE("workshop running order adds up to the total duration (W1)") {
  std::vector<Step> steps{{"Accueil", 5}, {"Objectifs", 10}, {"Atelier", 90}, {"Bilan", 15}};
  CHECK(check_running_order(steps, 120).ok());
  auto st = check_running_order(steps, 110);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "steps");
  CHECK(st.error().message.find("120 minutes") != std::string::npos);
  CHECK(st.error().message.find("110 minutes") != std::string::npos);
  CHECK_FALSE(check_running_order({}, 0).ok());
}

TEST_CASE("workshop self-assessment: deltas over pre and post pairs, pre alone excluded (W7)") {
  // Four people rate a skill 1–4: (1→3), (2→2), (2→4), (3→ none), and one answered post only.
  std::vector<SelfScores> s = {{1, 3}, {2, 2}, {2, 4}, {3, std::nullopt}, {std::nullopt, 4}};
  SkillDelta d = skill_delta(s);
  CHECK(d.paired == 3);
  CHECK(d.excluded == 1);
  REQUIRE(d.mean_delta);
  CHECK(*d.mean_pre == doctest::Approx(5.0 / 3.0));
  CHECK(*d.mean_post == doctest::Approx(3.0));
  CHECK(*d.mean_delta == doctest::Approx(4.0 / 3.0));  // (2 + 0 + 2) / 3
  CHECK(*d.improved_share == doctest::Approx(2.0 / 3.0));
  SkillDelta none = skill_delta({{2, std::nullopt}});
  CHECK(none.paired == 0);
  CHECK(none.excluded == 1);
  CHECK_FALSE(none.mean_delta);
}

TEST_CASE("workshop evaluation: mean shares and the « à retravailler » flag (W9)") {
  CHECK(*mean_share({4, 5, 4}, kLikertMax) == doctest::Approx(13.0 / 15.0));
  CHECK_FALSE(mean_share({}, kLikertMax));
  // 3 of 5 = 60 % < 66 %: flagged; 3.5 of 5 = 70 %: not, unless the previous period did better.
  CHECK(needs_rework({0.60, std::nullopt}, {}, 0.66));
  CHECK_FALSE(needs_rework({0.70, 0.80}, {}, 0.66));
  CHECK(needs_rework({0.70, 0.80}, {0.75, std::nullopt}, 0.66));
  CHECK(needs_rework({0.90, 0.70}, {0.80, 0.75}, 0.66));  // post-score fell
  CHECK_FALSE(needs_rework({0.80, 0.75}, {0.80, 0.75}, 0.66));
  CHECK_FALSE(needs_rework({std::nullopt, std::nullopt}, {0.9, 0.9}, 0.66));  // nothing answered
  CHECK(needs_rework({0.70, std::nullopt}, {}, 0.75));  // the threshold is the template's
}
