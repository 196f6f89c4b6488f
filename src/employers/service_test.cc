// EmployerService on both engines: the directory and the structure's own relation, contacts and
// prospecting, applications through les emplois' states, placements, hiring potential.
#include "employers/service.h"

#include <doctest/doctest.h>

#include "jobs/todo.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::employers;

namespace {

struct Fixture : jalon::testing::CaseFixture {
  EmployerService employers{store.db(), clock, rng, audit};
  std::string shop;

  explicit Fixture(store::Engine e) : CaseFixture(e) {
    auto id = employers.create(c1, {"412 218 790 00019", "Boulangerie du Cours", "", "12",
                                    "12 rue des Arts", "38500", "38563"});
    REQUIRE_MESSAGE(id.ok(), id.error().message);
    shop = *id;
  }
};

std::vector<std::string> fields(const std::vector<Error>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.field);
  return out;
}

}  // namespace

TEST_CASE("employers: every mistake at once; a SIRET is Luhn-checked and unique") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    CHECK(fields(f.employers.creation_mistakes(
              {"41221879000018", "", "99.99Z", "77", std::string(301, 'x'), "", "385"})) ==
          std::vector<std::string>{"siret", "name", "naf_code", "size_band", "address",
                                   "commune_code"});
    auto again = f.employers.create(f.c2, {"41221879000019", "Autre nom", "", "", "", "", ""});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().field == "siret");
    CHECK(f.count("SELECT COUNT(*) FROM establishments") == 1);
  }
}

TEST_CASE("employers: the relation, contacts and actions belong to the caller's structure") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    REQUIRE(f.employers.set_relation(f.c1, f.shop, "partenaire_actif", "boulangerie", "Accueille")
                .ok());
    REQUIRE(f.employers
                .add_contact(f.c1, f.shop,
                             {"", "Camille Rivet", "Gérante", "0476000000", "c.rivet@example.org"})
                .ok());
    CHECK(f.employers.get(f.c2, f.shop)->status == "partenaire_actif");  // same structure
    auto other = f.employers.get(f.cb, f.shop);
    REQUIRE(other.ok());  // the public directory
    CHECK(other->status == "jamais_contacte");
    CHECK(other->notes.empty());
    CHECK(f.employers.contacts(f.cb, f.shop).empty());
    CHECK(f.employers.contacts(f.c2, f.shop).size() == 1);
    CHECK(f.employers.set_relation(f.c1, f.shop, "ami", "", "").error().field == "status");
    CHECK(fields(f.employers.contact_mistakes({"", "", "", "", "pas-une-adresse"})) ==
          std::vector<std::string>{"name", "email"});
    auto pipe = f.employers.pipeline(f.c1);
    CHECK(pipe.size() == 5);
    CHECK(pipe[3] == std::pair<std::string, int64_t>{"partenaire_actif", 1});
    CHECK(f.employers.pipeline(f.cb)[0].second == 1);  // never contacted, for sB
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'employer_contact'") == 1);
  }
}

TEST_CASE("prospecting: a first action moves the status; a next step needs its date") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto today = f.employers.today(f.c1);
    CHECK(fields(f.employers.action_mistakes({"fax", "2099-01-01", "", "Rappeler", ""}, today)) ==
          std::vector<std::string>{"kind", "done_on", "next_due_on"});
    CHECK(fields(f.employers.action_mistakes({"appel", "2026-11-20", "", "Rappeler", "2026-11-10"},
                                             today)) == std::vector<std::string>{"next_due_on"});
    REQUIRE(
        f.employers
            .add_action(f.c1, f.shop, {"appel", "2026-11-20", "Intéressée", "Visite", "2026-12-02"})
            .ok());
    CHECK(f.employers.get(f.c1, f.shop)->status == "contacte");
    auto list = f.employers.actions(f.c1, f.shop);
    REQUIRE(list.size() == 1);
    CHECK(list[0].next_due_on == "2026-12-02");
    CHECK_FALSE(list[0].next_done);
    // The next step is on c1's to-do list, named by the employer; c2 does not get it.
    auto todo = [&](const access::Session& s) {
      auto tx = f.store.db().write();
      jobs::refresh_todo(tx, f.rng, f.clock, s.structure_id);
      auto items = jobs::open_items(tx, s);
      tx.commit();
      return items;
    };
    auto items = todo(f.c1);
    REQUIRE(items.size() == 1);
    CHECK(items[0].person == "Boulangerie du Cours : Visite");
    CHECK(items[0].due_on == "2026-12-02");
    CHECK(items[0].link == "/employeurs/" + f.shop);
    CHECK(todo(f.c2).empty());
    CHECK(f.employers.actions(f.cb, f.shop).empty());
    REQUIRE(f.employers.add_action(f.c1, f.shop, {"visite", "2026-11-23", "Vu", "", ""}).ok());
    list = f.employers.actions(f.c1, f.shop);
    CHECK(list[1].next_done);   // the visit followed the call's next step
    CHECK(todo(f.c1).empty());  // and so left the to-do list
    CHECK(f.employers.get(f.c1, f.shop)->status == "contacte");  // never moved backwards
  }
}

TEST_CASE("applications: les emplois' states, refusal reasons, the hire, the timeline") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string b = f.person(f.c1, "Morel");
    CHECK(f.employers.propose(f.cb, b, {f.shop, "Vendeur", ""}).error().kind ==
          ErrorKind::kNotFound);
    CHECK(f.employers.propose(f.c1, b, {"nope", "Vendeur", ""}).error().field ==
          "establishment_id");
    auto a = f.employers.propose(f.c1, b, {f.shop, "Vendeur en boulangerie", ""});
    REQUIRE(a.ok());
    CHECK(f.employers.application(f.cb, *a).error().kind == ErrorKind::kNotFound);
    CHECK(f.employers.move(f.c1, *a, "refusee", "").error().field == "refusal_reason");
    CHECK(f.employers.move(f.c1, *a, "annulee", "").error().field == "state");
    CHECK(f.employers.hire(f.c1, *a, {"cdi", "35", "2026-12-01", ""}).error().field == "state");
    REQUIRE(f.employers.move(f.c1, *a, "entretien_prevu", "").ok());
    REQUIRE(f.employers.move(f.c1, *a, "acceptee", "").ok());
    CHECK(fields(f.employers.placement_mistakes({"cdi", "60", "", "2026-01-01"})) ==
          std::vector<std::string>{"hours_per_week", "start_on", "end_on"});
    auto p = f.employers.hire(f.c1, *a, {"cdd", "24", "2026-12-01", "2027-05-31"});
    REQUIRE_MESSAGE(p.ok(), p.error().message);
    CHECK(f.employers.hire(f.c1, *a, {"cdd", "24", "2026-12-01", ""}).error().kind ==
          ErrorKind::kConflict);
    CHECK(f.count("SELECT hours_per_week FROM placements WHERE employer_id = '" + f.shop + "'") ==
          24);
    CHECK(f.employers.applications_of_person(f.c1, b)[0].placement_id == *p);

    auto r = f.employers.propose(f.c1, b, {f.shop, "Livreur", ""});
    REQUIRE(f.employers.move(f.c1, *r, "refusee", "pas_de_recrutement").ok());
    CHECK(f.employers.move(f.c1, *r, "acceptee", "").error().field == "state");
    CHECK(f.employers.applications_of_employer(f.c1, f.shop).size() == 2);
    CHECK(f.employers.applications_of_employer(f.cb, f.shop).empty());
    // Proposed, interview, accepted, hired; proposed, refused: six lines on the timeline.
    CHECK(f.count("SELECT COUNT(*) FROM pathway_events WHERE kind = 'candidature'") == 6);
    CHECK(f.count("SELECT COUNT(*) FROM pathway_events WHERE summary LIKE '%Pas de recrutement"
                  " en cours%'") == 1);
  }
}

TEST_CASE("hiring potential: the sector's hires by job, explained, and employers to prospect") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    {
      auto tx = f.store.db().write();
      tx.exec(
          "INSERT INTO naf_codes (code, level, label, parent_code) VALUES ('10.71C', 5,"
          " 'Boulangerie et boulangerie-pâtisserie', NULL)");
      tx.exec("UPDATE establishments SET naf_code = '10.71C'");
      tx.exec(
          "INSERT INTO rome_naf_hirings (rome_code, naf_code, hirings) VALUES"
          " ('D1102', '10.71C', 300), ('D1106', '10.71C', 100)");
      tx.commit();
    }
    auto jobs = f.employers.hiring_jobs(f.c1, f.shop);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].rome_code == "D1102");
    CHECK(jobs[0].share == doctest::Approx(0.75));
    CHECK(jobs[0].why.find("75 % des embauches de son secteur (Boulangerie") == 0);
    CHECK(jobs[0].why.find("20 à 49 salariés") != std::string::npos);
    CHECK(f.employers.list(f.c1, {.rome = "D1102"}).size() == 1);
    CHECK(f.employers.list(f.c1, {.rome = "K2204"}).empty());
  }
}
