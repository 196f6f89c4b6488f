// Barrier → service: the mapping file covers every situation with known thematiques; a
// person's barriers show the local services; the caseload view shows the gaps; scope holds.
#include "partners/barriers.h"

#include <doctest/doctest.h>

#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "core/text.h"
#include "partners/referentials.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::partners;

TEST_CASE("barrier mapping: every diagnosis situation and professional theme has thematiques") {
  const auto& m = barrier_mapping();
  CHECK(!m.version.empty());
  for (const auto& s : beneficiaries::situations()) {
    CAPTURE(s.code);
    auto it = m.barriers.find(std::string(s.code));
    REQUIRE(it != m.barriers.end());
    CHECK(!it->second.empty());
    for (const auto& t : it->second) CHECK(referential::has_code(themes(), t));
  }
  CHECK(m.barriers.size() == beneficiaries::situations().size());
  for (const auto& t : beneficiaries::themes()) {
    if (!beneficiaries::professional(t)) continue;
    CAPTURE(t.code);
    REQUIRE(m.needs.count(std::string(t.code)) == 1);
    for (const auto& c : m.needs.at(std::string(t.code))) CHECK(referential::has_code(themes(), c));
  }
  CHECK(m.barriers.at("cf_garde") == std::vector<std::string>{"famille"});
  CHECK(m.barriers.at("mo_aucun") == std::vector<std::string>{"mobilite"});
}

TEST_CASE("barrier → service: a person's barriers, local services, the caseload's gaps") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    PartnerDirectory d(f.store.db(), f.clock, f.rng, f.audit);
    {
      auto tx = f.store.db().write();
      tx.exec(
          "INSERT INTO departements (code, name, region_code, zone) VALUES ('38', 'Isère', "
          "'84', 'metro')");
      for (auto [code, name] : std::vector<std::pair<std::string, std::string>>{
               {"38563", "Voiron"}, {"38185", "Grenoble"}}) {
        tx.exec(
            "INSERT INTO communes (code, name, search_name, kind, departement_code, "
            "region_code) VALUES (?, ?, ?, 'commune-actuelle', '38', '84')",
            {code, name, text::fold(name)});
      }
      tx.commit();
    }
    auto org = d.add_organisation(f.c1, {"Plateforme mobilité", "association", "", "", "38563"});
    REQUIRE(org.ok());
    ServiceInput mob;
    mob.name = "Conseil mobilité";
    mob.themes = {"mobilite"};
    mob.publics = {"tous-publics"};
    auto mob_id = d.add_service(f.c1, *org, mob);
    REQUIRE(mob_id.ok());
    ServiceInput garde;  // serves Grenoble only: no local answer for Voiron's parents
    garde.name = "Crèche à vocation d'insertion";
    garde.themes = {"famille"};
    garde.publics = {"familles"};
    garde.zone_kind = "commune";
    garde.zone_code = "38185";
    REQUIRE(d.add_service(f.c1, *org, garde).ok());

    auto alix = f.person(f.c1, "Morel");
    auto noa = f.person(f.c1, "Petit");
    auto other = f.person(f.c2, "Roux");  // c2's caseload, another team
    {
      auto tx = f.store.db().write();
      tx.exec("UPDATE beneficiaries SET commune_code = '38563'");
      tx.commit();
    }
    // An older diagnosis whose barrier was lifted does not count.
    REQUIRE(
        f.people
            .record_diagnosis(f.c1, alix, "2026-01-05", "", {{"logement", "lo_sans", "barrier", 3}})
            .ok());
    REQUIRE(f.people
                .record_diagnosis(
                    f.c1, alix, "2026-03-05", "",
                    {{"mobilite", "mo_aucun", "barrier", 3},
                     {"contraintes_familiales", "cf_garde", "barrier", 2},
                     {"choisir_un_metier", "choisir_un_metier", "pro_status", 0, "besoin"}})
                .ok());
    REQUIRE(
        f.people
            .record_diagnosis(f.c1, noa, "2026-03-06", "", {{"mobilite", "mo_aucun", "barrier", 1}})
            .ok());
    REQUIRE(f.people
                .record_diagnosis(f.c2, other, "2026-03-06", "",
                                  {{"mobilite", "mo_aucun", "barrier", 1}})
                .ok());

    auto mine = d.barrier_services(f.c1, alix);
    REQUIRE(mine.size() == 3);
    CHECK(mine[0].barrier.code == "mo_aucun");  // most severe first
    REQUIRE(mine[0].services.size() == 1);
    CHECK(mine[0].services[0].id == *mob_id);
    CHECK(mine[1].barrier.code == "cf_garde");
    CHECK(mine[1].services.empty());  // the crèche serves Grenoble only
    CHECK(mine[2].barrier.code == "besoin:choisir_un_metier");
    CHECK(mine[2].services.empty());
    // Out of scope: nothing.
    CHECK(d.barrier_services(f.cb, alix).empty());
    CHECK(d.barrier_services(f.c2, alix).empty());

    auto gaps = d.barrier_gaps(f.c1);
    REQUIRE(gaps.size() == 3);
    CHECK(gaps[0].barrier.code == "mo_aucun");
    CHECK(gaps[0].people == 2);  // Alix and Noa; Roux is c2's
    CHECK(gaps[0].people_without == 0);
    CHECK(gaps[0].services.size() == 1);
    int without_answer = 0;
    for (const auto& g : gaps) without_answer += g.services.empty() ? 1 : 0;
    CHECK(without_answer == 2);
    for (const auto& g : gaps) CHECK(g.barrier.code != "lo_sans");
    // The coordinator of c1's team sees the same people; c2 sees only Roux.
    CHECK(d.barrier_gaps(f.coord)[0].people == 2);
    auto theirs = d.barrier_gaps(f.c2);
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0].people == 1);
  }
}
