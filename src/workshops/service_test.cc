#include "workshops/service.h"

#include <doctest/doctest.h>

#include "support/case_fixture.h"
#include "workshops/referentials.h"

using namespace jalon;
using namespace jalon::workshops;
using jalon::testing::kDay;
using jalon::testing::kHour;

namespace {

struct Fixture : jalon::testing::CaseFixture {
  WorkshopService workshops{store.db(), clock, rng, audit};
  explicit Fixture(store::Engine e) : CaseFixture(e) {}

  static TemplateInput cv_workshop() {
    TemplateInput in;
    in.title = "Réaliser son CV";
    in.themes = {"preparer-sa-candidature"};
    in.audience = "Personnes en recherche d'emploi";
    in.duration_min = 120;
    in.capacity_max = 10;
    in.objectives = {{"Rédiger un CV d'une page", "Présenter son parcours"},
                     {"Adapter son CV à une offre", "Valoriser ses compétences"}};
    in.steps = {{"Accueil", 10}, {"Atelier CV", 95}, {"Conclusion et évaluation", 15}};
    return in;
  }
  // A session of a new CV template on 2026-11-26 14:00 Paris (two days after kNow).
  std::string session(int capacity) {
    auto t = workshops.create_template(c1, cv_workshop());
    REQUIRE(t.ok());
    SessionInput in{"2026-11-26", "14:00", 120, "sur_place", "Salle 3", capacity, ""};
    auto id = workshops.create_session(c1, *t, in);
    REQUIRE(id.ok());
    return *id;
  }
};

}  // namespace

TEST_CASE("workshop templates: every mistake at once, running order adding up (W1)") {
  for (auto e : jalon::testing::engines()) {
    Fixture f(e);
    TemplateInput bad = Fixture::cv_workshop();
    bad.title = "";
    bad.themes = {"jardinage"};
    bad.objectives[1].skill = "";
    bad.steps[1].duration_min = 80;  // 105 minutes for a 120-minute workshop
    auto mistakes = WorkshopService::template_mistakes(bad);
    std::vector<std::string> fields;
    for (const auto& m : mistakes) fields.push_back(m.field);
    CHECK(fields == std::vector<std::string>{"title", "themes", "skill_1", "steps"});
    CHECK_FALSE(f.workshops.create_template(f.c1, bad).ok());
    CHECK(f.count("SELECT COUNT(*) FROM workshop_templates") == 0);
    auto id = f.workshops.create_template(f.c1, Fixture::cv_workshop());
    REQUIRE(id.ok());
    auto t = f.workshops.get_template(f.c1, *id);
    REQUIRE(t);
    CHECK(t->steps.size() == 3);
    CHECK(t->objectives[1].skill == "Valoriser ses compétences");
    CHECK_FALSE(f.workshops.get_template(f.cb, *id));  // another structure: not found
  }
}

TEST_CASE("workshop enrolment: capacity, waiting list, freed place told, scope (W2)") {
  for (auto e : jalon::testing::engines()) {
    Fixture f(e);
    std::string sid = f.session(2);
    std::string a = f.person(f.c1, "Morel"), b = f.person(f.c1, "Petit");
    std::string c = f.person(f.c1, "Roux", "alix.roux@test.example");
    std::string other = f.person(f.c2, "Garnier");  // c2's caseload, not c1's
    auto r = f.workshops.enrol(f.c1, sid, {a, b, a, c, other}, false);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 5);
    CHECK((*r)[0].outcome == kEnrolled);
    CHECK((*r)[1].outcome == kEnrolled);
    CHECK((*r)[2].outcome == kAlready);
    CHECK((*r)[3].outcome == kFull);
    CHECK((*r)[4].outcome == kNotFound);
    CHECK((*r)[4].name.empty());
    auto w = f.workshops.enrol(f.c1, sid, {c}, true);
    CHECK((*w)[0].outcome == kWaiting);
    auto s = f.workshops.get_session(f.c1, sid);
    CHECK(s->full());
    CHECK(s->waiting == 1);
    CHECK_FALSE(f.workshops.enrol(f.cb, sid, {a}, true).ok());  // another structure's session

    // Morel excuses herself before the start: Roux, first waiting, takes the place and is told.
    auto roster = f.workshops.roster(f.c1, *s);
    REQUIRE(roster.people.size() == 3);
    CHECK(roster.people[2].waiting);
    auto saved = f.workshops.set_attendance(f.c1, sid, {{roster.people[0].id, "excuse"}});
    REQUIRE(saved.ok());
    CHECK(saved->empty());
    s = f.workshops.get_session(f.c1, sid);
    CHECK(s->waiting == 0);
    CHECK(s->taken() == 2);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = "
                  "'alix.roux@test.example' AND body NOT LIKE '%Morel%' AND body NOT LIKE "
                  "'%Petit%'") == 1);
    // c2 sees the session but none of c1's people; the facilitator (c1) sees all.
    auto seen = f.workshops.roster(f.c2, *s);
    CHECK(seen.people.empty());
    CHECK(seen.hidden == 3);
  }
}

TEST_CASE("workshop attendance: all mistakes at once, nothing saved, then rates (W3, W4)") {
  for (auto e : jalon::testing::engines()) {
    Fixture f(e);
    std::string sid = f.session(10);
    std::vector<std::string> people;
    for (const char* n : {"Adam", "Blanc", "Colin", "Dumas", "Faure", "Giraud", "Henry", "Jacob"}) {
      people.push_back(f.person(f.c1, n));
    }
    REQUIRE(f.workshops.enrol(f.c1, sid, people, false).ok());
    auto s = f.workshops.get_session(f.c1, sid);
    auto roster = f.workshops.roster(f.c1, *s);
    REQUIRE(roster.people.size() == 8);
    std::vector<std::pair<std::string, std::string>> st;
    for (const auto& p : roster.people) st.emplace_back(p.id, "present");
    st[6].second = "excuse";
    st[7].second = "absent";
    // Before the start: "présent" and "absent" are refused, each named, nothing saved.
    auto early = f.workshops.set_attendance(f.c1, sid, st);
    REQUIRE(early.ok());
    CHECK(early->size() == 7);
    CHECK(f.count("SELECT COUNT(*) FROM workshop_participations WHERE status <> "
                  "'non_determine'") == 0);
    f.clock.advance(2 * kDay + 5 * kHour);  // the session has started
    auto done = f.workshops.set_attendance(f.c1, sid, st);
    REQUIRE(done.ok());
    CHECK(done->empty());
    s = f.workshops.get_session(f.c1, sid);
    Rates r = rates(s->counts);
    CHECK(percent(r.fill) == "80 %");
    CHECK(percent(r.attendance) == "85,7 %");
    CHECK(percent(r.no_show) == "12,5 %");
    CHECK(percent(rates(f.workshops.template_counts(f.c1, s->template_id)).fill) == "80 %");
    auto back = f.workshops.set_attendance(f.c1, sid, {{roster.people[0].id, "non_determine"}});
    CHECK(back->size() == 1);
    CHECK(f.workshops.of_beneficiary(f.c1, people[0]).front().status == "present");
  }
}

TEST_CASE("workshop convocations: one e-mail per person with an address, naming only them") {
  for (auto e : jalon::testing::engines()) {
    Fixture f(e);
    std::string sid = f.session(5);
    std::string a = f.person(f.c1, "Morel", "alix.morel@test.example");
    std::string b = f.person(f.c1, "Petit", "alix.petit@test.example");
    std::string c = f.person(f.c1, "Roux");  // no address: a letter to print
    REQUIRE(f.workshops.enrol(f.c1, sid, {a, b, c}, false).ok());
    auto s = f.workshops.get_session(f.c1, sid);
    auto roster = f.workshops.roster(f.c1, *s);
    auto letter = f.workshops.convocation(f.c1, *s, roster.people[0].id);
    REQUIRE(letter);
    CHECK(letter->body.find("Alix Morel") != std::string::npos);
    CHECK(letter->body.find("Petit") == std::string::npos);
    CHECK(letter->body.find("Roux") == std::string::npos);
    CHECK(letter->body.find("Salle 3") != std::string::npos);
    CHECK_FALSE(f.workshops.convocation(f.c2, *s, roster.people[0].id));  // not c2's person
    auto sent = f.workshops.send_convocations(f.c1, sid);
    REQUIRE(sent.ok());
    CHECK(sent->sent == 2);
    CHECK(sent->without_email == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'alix.morel@test.example' AND "
                  "body LIKE '%Alix Morel%' AND body NOT LIKE '%Petit%' AND body NOT LIKE "
                  "'%Roux%'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'alix.petit@test.example' AND "
                  "body NOT LIKE '%Morel%'") == 1);
    CHECK_FALSE(f.workshops.send_convocations(f.cb, sid).ok());
    f.clock.advance(3 * kDay);
    CHECK_FALSE(f.workshops.send_convocations(f.c1, sid).ok());  // the session has passed
  }
}
