#include "partners/service.h"

#include <doctest/doctest.h>

#include "core/text.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::partners;

namespace {

using jalon::testing::kDay;

// Three communes of the bassin of Voiron (synthetic centroids close to the real ones): Voiron,
// Moirans (same EPCI, ~6 km) and Grenoble (other EPCI, ~25 km).
struct Fixture : jalon::testing::CaseFixture {
  PartnerDirectory dir{store.db(), clock, rng, audit, "https://jalon.test"};
  std::string alix, other;

  explicit Fixture(store::Engine e) : CaseFixture(e) {
    auto tx = store.db().write();
    tx.exec(
        "INSERT INTO departements (code, name, region_code, zone) VALUES ('38', 'Isère', "
        "'84', 'metro')");
    for (auto [code, name, lat, lon, epci] :
         std::vector<std::tuple<std::string, std::string, double, double, std::string>>{
             {"38563", "Voiron", 45.364, 5.589, "200040590"},
             {"38239", "Moirans", 45.325, 5.566, "200040590"},
             {"38185", "Grenoble", 45.182, 5.721, "200040715"}}) {
      tx.exec(
          "INSERT INTO communes (code, name, search_name, kind, departement_code, "
          "region_code) VALUES (?, ?, ?, 'commune-actuelle', '38', '84')",
          {code, name, text::fold(name)});
      tx.exec("INSERT INTO commune_centroids (commune_code, latitude, longitude) VALUES (?, ?, ?)",
              {code, lat, lon});
      tx.exec("INSERT INTO epci_communes (commune_code, epci_code) VALUES (?, ?)", {code, epci});
    }
    tx.commit();
    alix = person(c1, "Morel", "alix.morel@example.test");
    other = person(c1, "Durand", "alix.durand@example.test");
  }

  std::string org(const std::string& name, const std::string& kind, const std::string& commune,
                  const std::string& email = "") {
    auto id = dir.add_organisation(c1, {name, kind, "", "", commune, email, "", "", ""});
    REQUIRE(id.ok());
    return *id;
  }
  std::string svc(const std::string& org_id, const std::string& name,
                  std::vector<std::string> themes, std::vector<std::string> publics,
                  std::string zone_kind = "", std::string zone_code = "",
                  std::string email = "accueil@partenaire.test") {
    ServiceInput in;
    in.name = name;
    in.themes = std::move(themes);
    in.publics = std::move(publics);
    in.zone_kind = std::move(zone_kind);
    in.zone_code = std::move(zone_code);
    in.contact_email = std::move(email);
    auto id = dir.add_service(c1, org_id, in);
    REQUIRE(id.ok());
    return *id;
  }
  std::string refer(const std::string& person_id, const std::string& service_id,
                    std::vector<std::string> scope, std::string* token) {
    auto id = dir.refer(c1, person_id,
                        {service_id, "Permis B pour un poste de livreur", scope, true, ""}, token);
    REQUIRE(id.ok());
    return *id;
  }
};

}  // namespace

TEST_CASE("partners directory: every mistake at once, search by theme, public, commune, distance") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto m = PartnerDirectory::organisation_mistakes({"", "inconnu", "123", "", "", "pas-un-mail"});
    std::vector<std::string> fields;
    for (const auto& x : m) fields.push_back(x.field);
    CHECK(fields == std::vector<std::string>{"name", "kind", "siret", "email"});
    ServiceInput bad;
    bad.zone_kind = "commune";
    auto sm = PartnerDirectory::service_mistakes(bad);
    CHECK(sm.size() == 4);  // name, themes, publics, zone_code
    CHECK(!f.dir.add_organisation(f.c1, {"", "autre"}).ok());
    CHECK(f.count("SELECT COUNT(*) FROM partner_organisations") == 0);

    auto ecole = f.org("Auto-école solidaire", "auto-ecole-sociale", "38239");
    auto garage = f.org("Garage solidaire", "association", "38185");
    auto ccas = f.org("CCAS de Voiron", "ccas", "Voiron");
    auto permis = f.svc(ecole, "Permis B accompagné", {"mobilite"}, {"demandeurs-d-emploi"});
    auto pret = f.svc(garage, "Prêt de véhicule", {"mobilite"}, {"tous-publics"});
    f.svc(ccas, "Aide alimentaire", {"equipement-et-alimentation"}, {"tous-publics"}, "commune",
          "38563");
    f.svc(garage, "Location solidaire (Grenoble seulement)", {"mobilite"}, {"tous-publics"},
          "commune", "38185");

    auto found = f.dir.search(f.c1, {"mobilite", "demandeurs-d-emploi", "38563", ""});
    REQUIRE(found.ok());
    REQUIRE(found->size() == 2);       // the Grenoble-only service does not serve Voiron
    CHECK(found->at(0).id == permis);  // Moirans is nearer than Grenoble
    CHECK(found->at(1).id == pret);
    REQUIRE(found->at(0).distance_km.has_value());
    CHECK(*found->at(0).distance_km > 3);
    CHECK(*found->at(0).distance_km < 8);
    CHECK(*found->at(1).distance_km > 20);
    CHECK(f.dir.search(f.c1, {"sante", "", "", ""})->empty());
    CHECK(f.dir.search(f.c1, {"pas-un-theme", "", "", ""}).error().field == "theme");
    // Another structure's directory is its own.
    CHECK(f.dir.search(f.cb, {"", "", "", ""})->empty());
    CHECK(!f.dir.organisation(f.cb, ecole).has_value());
    CHECK(
        !f.dir.add_service(f.cb, ecole, ServiceInput{"x", "", {"mobilite"}, {}, {"jeunes"}}).ok());
  }
}

TEST_CASE("partner link: shows only the consented fields, answers once, audited, on the record") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto s = f.svc(f.org("Auto-école solidaire", "auto-ecole-sociale", "38239"), "Permis B",
                   {"mobilite"}, {"tous-publics"});
    // No consent, no referral, nothing sent.
    auto no = f.dir.refer(f.c1, f.alix, {s, "Permis", {"identite"}, false, ""});
    CHECK(no.error().field == "consent");
    CHECK(f.count("SELECT COUNT(*) FROM referrals") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
    // Another structure's counselor cannot refer this person.
    CHECK(!f.dir.refer(f.cb, f.alix, {s, "x", {}, true, ""}).ok());
    CHECK(f.count("SELECT COUNT(*) FROM referrals") == 0);

    std::string token, token_other;
    auto r = f.refer(f.alix, s, {"identite"}, &token);
    auto r_other = f.refer(f.other, s, {"identite", "contact"}, &token_other);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'accueil@partenaire.test'") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM referral_links WHERE token_hash = '" + token + "'") == 0);

    auto v = f.dir.open_link(token);
    CHECK(v.state == LinkView::State::kOpen);
    CHECK(v.last_name == "Morel");
    CHECK(v.email.empty());  // contact not in the consent
    CHECK(v.birth_date.empty());
    // Tampered token: nothing.
    std::string tampered = token;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    CHECK(f.dir.open_link(tampered).state == LinkView::State::kUnknown);
    CHECK(f.dir.answer_link(tampered, {"accepter", "", ""}).error().kind == ErrorKind::kNotFound);

    // A decline needs a reason from the list; invalid input changes nothing.
    CHECK(f.dir.answer_link(token, {"refuser", "", ""}).error().field == "reason");
    CHECK(f.dir.answer_link(token, {"refuser", "autre", ""}).error().field == "text");
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE status = 'en_cours'") == 2);
    REQUIRE(f.dir.answer_link(token, {"refuser", "complet", "Session pleine jusqu'en mars"}).ok());
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE id = '" + r +
                  "' AND status = 'refusee' AND decline_reason = 'complet' AND answered_by = "
                  "'partenaire' AND answer LIKE 'Plus de place disponible%'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM pathway_events WHERE object_id = '" + r +
                  "' AND summary LIKE '%a refusé%'") == 1);
    // The other person's referral is untouched, and its link shows the other person only.
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE id = '" + r_other +
                  "' AND status = 'en_cours'") == 1);
    auto vo = f.dir.open_link(token_other);
    CHECK(vo.last_name == "Durand");
    CHECK(vo.email == "alix.durand@example.test");
    // Reused: the link has served.
    CHECK(f.dir.open_link(token).state == LinkView::State::kUsed);
    CHECK(f.dir.answer_link(token, {"accepter", "", ""}).error().kind == ErrorKind::kConflict);
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE id = '" + r + "' AND status = 'refusee'") ==
          1);
    f.audit.flush();
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_id = '" + r +
                  "' AND actor_role = 'partner_link'") >= 4);
  }
}

TEST_CASE("partner link: expires, offers a new link that replaces it, closed referral revokes") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto s = f.svc(f.org("Mission locale", "mission-locale", "38563"), "Accompagnement jeunes",
                   {"trouver-un-emploi"}, {"jeunes"});
    std::string token;
    f.refer(f.alix, s, {}, &token);
    CHECK(f.dir.open_link(token).last_name.empty());  // nothing of the identity was shared
    std::string fresh;
    CHECK(!f.dir.renew_link(token, &fresh));  // not expired: nothing to renew
    f.clock.advance(15 * kDay);
    CHECK(f.dir.open_link(token).state == LinkView::State::kExpired);
    CHECK(f.dir.answer_link(token, {"accepter", "", ""}).error().kind == ErrorKind::kConflict);
    REQUIRE(f.dir.renew_link(token, &fresh));
    CHECK(fresh != token);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 2);
    CHECK(f.dir.open_link(token).state == LinkView::State::kRevoked);
    CHECK(!f.dir.renew_link(token, nullptr));
    REQUIRE(f.dir.answer_link(fresh, {"accepter", "", "Premier rendez-vous le 3 décembre"}).ok());
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE status = 'validee' AND answer = "
                  "'Premier rendez-vous le 3 décembre'") == 1);
  }
}
