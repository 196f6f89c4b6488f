// Every form answers all its mistakes at once (issue 14): the services' checks collect them in
// validation::Mistakes, the first error carries the others (Error::more), the form helper shows
// each beside its field and the API's problem document lists them; nothing is written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/validation.h"
#include "http/json_api.h"
#include "meetings/service.h"
#include "pathways/service.h"
#include "support/case_fixture.h"
#include "ui/page.h"

using namespace jalon;

namespace {

// The fields of an error and of the mistakes it carries, in order.
std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out{e.field};
  for (const auto& m : e.more) out.push_back(m.field);
  return out;
}

struct Fixture : jalon::testing::CaseFixture {
  meetings::MeetingService meetings{store.db(), clock, rng, audit};
  pathways::PathwayService pathways{store.db(), clock, rng, audit, meetings};
  std::string b = person(c1, "Morel");
  explicit Fixture(store::Engine e) : CaseFixture(e) {}
};

}  // namespace

TEST_CASE("validation::Mistakes keeps one mistake per field and the first carries the others") {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  CHECK(errs.status().ok());
  CHECK(errs.add(ok_status()));
  CHECK_FALSE(errs.add(Status(Error::invalid("Indiquez le nom.", "name"))));
  errs.add(Error::invalid("Nom trop long.", "name"));  // the same field: the first stays
  errs.add(Error::invalid("Date invalide.", "on"));
  auto st = errs.status();
  REQUIRE_FALSE(st.ok());
  CHECK(fields_of(st.error()) == std::vector<std::string>{"name", "on"});
  CHECK(st.error().message == "Indiquez le nom.");

  // The problem document lists every mistake, the first included; a single one adds no list.
  http::Request req;
  auto doc = nlohmann::json::parse(http::problem(st.error(), req).body);
  CHECK(doc["status"] == 422);
  CHECK(doc["field"] == "name");
  REQUIRE(doc["errors"].size() == 2);
  CHECK(doc["errors"][1]["field"] == "on");
  CHECK(doc["errors"][1]["detail"] == "Date invalide.");
  CHECK_FALSE(
      nlohmann::json::parse(http::problem(Error::invalid("x", "a"), req).body).contains("errors"));

  // The form helper shows each beside its field, and a mistake added twice once.
  ui::Form form(req);
  form.fail(st.error());
  form.fail(Error::invalid("Date invalide.", "on"));
  nlohmann::json ctx;
  form.fill(ctx);
  CHECK(ctx["errors"]["name"] == "Indiquez le nom.");
  CHECK(ctx["errors"]["on"] == "Date invalide.");
  CHECK(ctx["error_summary"].size() == 2);
  CHECK(ctx["error_count_label"] == "Corrigez les 2 erreurs :");
}

TEST_CASE("the record's, appointment's, contract's and action's forms name every mistake") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);

    beneficiaries::SituationRecord sit;
    sit.education_level = "?";
    sit.contract_kind = "?";
    sit.languages = std::string(201, 'a');
    auto s = f.people.record_situation(f.c1, f.b, sit);
    REQUIRE_FALSE(s.ok());
    CHECK(fields_of(s.error()) ==
          std::vector<std::string>{"education_level", "contract_kind", "languages"});

    auto d = f.people.record_diagnosis(f.c1, f.b, "2099-01-01", std::string(4001, 'x'),
                                       {{"logement", "lo_tiers", "barrier", 0, "", ""}});
    REQUIRE_FALSE(d.ok());
    CHECK(fields_of(d.error()) ==
          std::vector<std::string>{"made_on", "summary", "severity_lo_tiers"});

    beneficiaries::Project p;
    p.appellations = {"x1"};
    p.mobility_km = 500;
    p.working_time = "?";
    p.available_on = "2026-02-30";
    auto pr = f.people.record_project(f.c1, f.b, p);
    REQUIRE_FALSE(pr.ok());
    CHECK(fields_of(pr.error()) ==
          std::vector<std::string>{"appellations", "mobility_km", "working_time", "available_on"});

    auto el = f.people.record_eligibility(f.c1, f.b, "?", "?", "", {});
    REQUIRE_FALSE(el.ok());
    CHECK(fields_of(el.error()) == std::vector<std::string>{"siae_kind", "author_kind", "made_on"});

    meetings::AppointmentInput a;
    a.time = "14:30";
    a.duration_min = 2;
    a.kind = "?";
    a.mode = "sur_place";
    auto ap = f.meetings.schedule(f.c1, f.b, a);
    REQUIRE_FALSE(ap.ok());
    CHECK(fields_of(ap.error()) ==
          std::vector<std::string>{"date", "duration_min", "kind", "place"});

    auto c = f.pathways.add_contract(f.c1, f.b, {"?", "", "?", "", "", ""});
    REQUIRE_FALSE(c.ok());
    CHECK(fields_of(c.error()) ==
          std::vector<std::string>{"kind", "status", "starts_on", "ends_on"});

    pathways::ItemInput act;
    act.status = "?";
    act.due_on = "2026-13-01";
    auto it = f.pathways.add_item(f.c1, pathways::ItemKind::kAction, f.b, act);
    REQUIRE_FALSE(it.ok());
    CHECK(fields_of(it.error()) ==
          std::vector<std::string>{"label", "status", "due_on", "objective_id"});

    auto inv = f.access.invite_user(f.admin, "pas-une-adresse", "", access::Role::kCounselor, "",
                                    "http://127.0.0.1:8080");
    REQUIRE_FALSE(inv.ok());
    CHECK(fields_of(inv.error()) == std::vector<std::string>{"email", "display_name"});

    CHECK(f.count("SELECT COUNT(*) FROM situation_records") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM diagnoses") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM appointments") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM contracts") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM pathway_actions") == 0);
  }
}
