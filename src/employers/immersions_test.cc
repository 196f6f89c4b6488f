// PMSMP rules (pure) and ImmersionService on both engines: one month at most, the legal hours
// (adult and minor), no overlapping immersions, signatures to "signée", the assessment, the
// caseload scope.
#include "employers/immersions.h"

#include <doctest/doctest.h>

#include "employers/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::employers;

namespace {

std::vector<std::string> fields(const std::vector<Error>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.field);
  return out;
}

dates::Date day(const char* iso) {
  return *dates::parse_iso_date(iso);
}

const std::array<std::string, 7> kWeek = {
    "09:00-12:00 13:30-17:00", "09:00-12:00 13:30-17:00", "09:00-12:00", "", "", "", ""};

}  // namespace

TEST_CASE("PMSMP rules: a day's periods, one month at most, legal hours") {
  CHECK(parse_day("08:00-12:00 13h30-17h00")->size() == 2);
  CHECK(parse_day("")->empty());
  CHECK_FALSE(parse_day("8-12"));
  CHECK_FALSE(parse_day("12:00-08:00"));
  CHECK_FALSE(parse_day("08:00-12:00 11:00-13:00"));  // overlapping periods
  CHECK(dates::iso(last_allowed_end(day("2026-03-10"))) == "2026-04-09");
  CHECK(dates::iso(last_allowed_end(day("2026-01-31"))) == "2026-02-27");
  CHECK(dates::iso(last_allowed_end(day("2026-12-15"))) == "2027-01-14");

  double hours = 0;
  CHECK(schedule_mistakes(kWeek, false, &hours).empty());
  CHECK(hours == doctest::Approx(16.0));
  std::array<std::string, 7> long_day = kWeek;
  long_day[3] = "07:00-12:00 13:00-19:00";  // 11 h
  auto m = schedule_mistakes(long_day, false, nullptr);
  REQUIRE(m.size() == 1);
  CHECK(m[0].field == "day_4");
  CHECK(m[0].message == "Jeudi : 11 h de présence ; la durée maximale est de 10 h par jour.");
  CHECK(schedule_mistakes(long_day, true, nullptr)[0].message ==
        "Jeudi : 11 h de présence ; la durée maximale est de 8 h par jour pour une personne "
        "mineure.");
  std::array<std::string, 7> every_day;
  every_day.fill("09:00-12:00");
  CHECK(schedule_mistakes(every_day, false, nullptr)[0].message ==
        "La semaine compte 7 jours de présence : il faut au moins un jour de repos par semaine.");
  std::array<std::string, 7> heavy;
  heavy.fill("08:00-17:00");  // 9 h
  heavy[6] = "";
  CHECK(schedule_mistakes(heavy, false, nullptr)[0].message ==
        "La semaine compte 54 h de présence ; le maximum légal est de 48 h.");
  std::array<std::string, 7> night = kWeek;
  night[0] = "21:00-23:00";
  CHECK(schedule_mistakes(night, false, nullptr).empty());
  CHECK(fields(schedule_mistakes(night, true, nullptr)) == std::vector<std::string>{"day_1"});
  std::array<std::string, 7> none;
  CHECK(fields(schedule_mistakes(none, false, nullptr)) == std::vector<std::string>{"schedule"});
}

TEST_CASE("immersions: every mistake at once, overlaps, signatures, assessment, scope") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    EmployerService employers{f.store.db(), f.clock, f.rng, f.audit};
    ImmersionService svc{f.store.db(), f.clock, f.rng, f.audit};
    auto shop =
        employers.create(f.c1, {"41221879000019", "Boulangerie du Cours", "", "12", "", "", ""});
    REQUIRE(shop.ok());
    std::string b = f.person(f.c1, "Morel");
    ImmersionInput in{*shop,       "confirmer", "",      "Boulanger",  "Camille Rivet",
                      "Gérante",   "",          "",      "2026-12-07", "2026-12-18",
                      "Façonnage", "Brûlures",  "Gants", kWeek};
    ImmersionInput bad = in;
    bad.objective = "stage";
    bad.tutor_name = "";
    bad.ends_on = "2027-01-10";
    bad.days[4] = "08:00-19:00";
    bad.tasks = "";
    CHECK(fields(svc.mistakes(f.c1, b, bad)) ==
          std::vector<std::string>{"objective", "tutor_name", "ends_on", "day_5", "tasks"});
    CHECK(svc.create(f.cb, b, in).error().kind == ErrorKind::kNotFound);
    auto x = svc.create(f.c1, b, in);
    REQUIRE_MESSAGE(x.ok(), x.error().message);
    ImmersionInput again = in;
    again.starts_on = "2026-12-18";
    again.ends_on = "2026-12-30";
    auto overlap = svc.create(f.c1, b, again);
    REQUIRE_FALSE(overlap.ok());
    CHECK(overlap.error().field == "starts_on");
    CHECK(overlap.error().message ==
          "Cette personne a déjà une immersion du 07/12/2026 au 18/12/2026 chez Boulangerie du "
          "Cours : les dates se chevauchent.");
    CHECK(svc.get(f.cb, *x).error().kind == ErrorKind::kNotFound);
    CHECK(svc.of_employer(f.cb, *shop).empty());
    REQUIRE(svc.get(f.c1, *x)->weekly_hours == doctest::Approx(16.0));

    // Signatures (today is 2026-11-24): a future date refused; two of three, then all three.
    CHECK(svc.sign(f.c1, *x, "2026-11-30", "", "").error().field == "signed_person_on");
    REQUIRE(svc.sign(f.c1, *x, "2026-11-24", "2026-11-23", "").ok());
    CHECK(svc.get(f.c1, *x)->status == "partiellement_signee");
    CHECK(svc.assess(f.c1, *x, {"complete", "Bien", "non", ""}).error().field == "status");
    REQUIRE(svc.sign(f.c1, *x, "2026-11-24", "2026-11-23", "2026-11-24").ok());
    CHECK(svc.get(f.c1, *x)->status == "signee");
    // The assessment waits for the start; it then needs its fields.
    CHECK(svc.assess(f.c1, *x, {"complete", "Bien", "non", ""}).error().field == "attendance");
    f.clock.advance(20 * jalon::testing::kDay);
    CHECK(fields(svc.assessment_mistakes({"complete", "", "oui", ""})) ==
          std::vector<std::string>{"assessment", "contract"});
    REQUIRE(svc.assess(f.c1, *x, {"complete", "Ponctuel, motivé.", "oui", "cdd"}).ok());
    auto done = svc.get(f.c1, *x);
    CHECK(done->status == "bilan");
    CHECK(done->hiring == std::optional<bool>(true));
    CHECK(svc.cancel(f.c1, *x, "Erreur").error().field == "status");
    // A cancelled immersion frees its dates.
    auto later = svc.create(f.c1, b, again);
    REQUIRE_FALSE(later.ok());
    ImmersionInput jan = in;
    jan.starts_on = "2027-01-04";
    jan.ends_on = "2027-01-15";
    auto y = svc.create(f.c1, b, jan);
    REQUIRE(y.ok());
    REQUIRE(svc.cancel(f.c1, *y, "L'employeur a reporté").ok());
    CHECK(svc.create(f.c1, b, jan).ok());
    CHECK(f.count("SELECT COUNT(*) FROM pathway_events WHERE kind = 'immersion'") == 7);
  }
}
