// `jalon import offers`: France Travail's "Offres d'emploi" API answer as published (a real
// /offres/search answer), the offer id kept for updates, all-or-nothing with the element and
// field named, on both engines; offers searched by job and commune, and an application on one.
#include "employers/offers_import.h"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "employers/service.h"
#include "support/case_fixture.h"
#include "support/referential_data.h"

using namespace jalon;
using nlohmann::json;

namespace {

std::string sample_path() {
  return (jalon::testing::source_root() / "tests/fixtures/offers/esd-offres-happypath.json")
      .string();
}

json sample() {
  std::ifstream in(sample_path());
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

int64_t count(jalon::testing::TestStore& st, const std::string& sql) {
  auto tx = st.db().read();
  int64_t n = tx.query_one(sql)->i64(0);
  tx.commit();
  return n;
}

std::string text(jalon::testing::TestStore& st, const std::string& sql) {
  auto tx = st.db().read();
  std::string s = tx.query_one(sql)->text(0);
  tx.commit();
  return s;
}

}  // namespace

TEST_CASE("offers import: the API answer as published, then updates keep the offer's id") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::TestStore st(e);
    auto first = employers::import_offers(st.db(), sample_path(), {});
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    CHECK(first->rows_read == 8);
    CHECK(first->tables[0].added == 8);
    CHECK(count(st, "SELECT COUNT(*) FROM offers") == 8);
    // 082SGKK: the sample's first offer, field by field.
    auto tx = st.db().read();
    auto row = tx.query_one(
        "SELECT title, rome_code, commune_code, postcode, latitude, contract_type, working_time,"
        " weekly_hours, created_on, updated_on, siret, positions, alternance, id FROM offers"
        " WHERE source_id = '082SGKK'");
    REQUIRE(row);
    CHECK(row->text(0) == "conseiller de vente (H/F)");
    CHECK(row->text(1) == "D1212");
    CHECK(row->text(2) == "57463");
    CHECK(row->text(3) == "57000");
    CHECK(row->f64(4) == doctest::Approx(49.11972222));
    CHECK(row->text(5) == "CDD");
    CHECK(row->text(6) == "plein");  // "35H Horaires normaux"
    CHECK(row->f64(7) == doctest::Approx(35.0));
    CHECK(row->text(8) == "2019-01-23");
    CHECK(row->text(9) == "2019-05-28");
    CHECK(row->is_null(10));  // a masked SIRET (00000000000007) is not kept
    CHECK(row->i64(11) == 1);
    CHECK(row->i64(12) == 1);
    std::string id = row->text(13);
    tx.commit();
    CHECK(count(st, "SELECT COUNT(*) FROM offer_skills WHERE offer_id = '" + id + "'") == 4);

    auto again = employers::import_offers(st.db(), sample_path(), {});
    REQUIRE(again.ok());
    CHECK(again->added() == 0);
    CHECK(again->updated() == 0);
    CHECK(again->tables[0].unchanged == 8);

    // A newer answer: one offer's title changed, one new offer; the others are not in it.
    json doc = sample();
    doc["resultats"][0]["intitule"] = "Conseiller de vente en alternance (H/F)";
    doc["resultats"][0]["origineOffre"]["urlOrigine"] = "javascript:alert(1)";  // not a link
    json added = doc["resultats"][1];
    added["id"] = "099ZZZZ";
    doc["resultats"] = json::array({doc["resultats"][0], added});
    auto update = employers::import_offers_text(st.db(), "page2.json", doc.dump(), {});
    REQUIRE_MESSAGE(update.ok(), update.error().message);
    CHECK(update->tables[0].added == 1);
    CHECK(update->tables[0].updated == 1);
    CHECK(count(st, "SELECT COUNT(*) FROM offers") == 9);  // additive
    CHECK(text(st, "SELECT id FROM offers WHERE source_id = '082SGKK'") == id);
    CHECK(text(st, "SELECT title FROM offers WHERE id = '" + id + "'") ==
          "Conseiller de vente en alternance (H/F)");
    CHECK(text(st, "SELECT url FROM offers WHERE id = '" + id + "'").empty());
    CHECK(text(st, "SELECT url FROM offers WHERE source_id = '088KPWY'") ==
          "https://candidat.pole-emploi.fr/offres/recherche/detail/088KPWY");
  }
}

TEST_CASE("offers import: a wrong layout or a bad offer names it and imports nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::TestStore st(e);
    auto layout = employers::import_offers_text(st.db(), "x.json", R"({"offres": []})", {});
    REQUIRE_FALSE(layout.ok());
    CHECK(layout.error().message.find("x.json, colonne « resultats » : champ absent") == 0);

    json doc = sample();
    doc["resultats"][5].erase("romeCode");
    auto no_rome = employers::import_offers_text(st.db(), "p.json", doc.dump(), {});
    REQUIRE_FALSE(no_rome.ok());
    CHECK(no_rome.error().message ==
          "p.json, offre n° 6 (088MFJG), colonne « romeCode » : valeur absente ou vide");
    CHECK(count(st, "SELECT COUNT(*) FROM offers") == 0);  // the five before are not kept

    doc = sample();
    doc["resultats"][2]["lieuTravail"]["latitude"] = 123.0;
    auto lat = employers::import_offers_text(st.db(), "p.json", doc.dump(), {});
    REQUIRE_FALSE(lat.ok());
    CHECK(lat.error().message ==
          "p.json, offre n° 3 (088JJPC), colonne « latitude » : coordonnée hors limites « 123.0 »");

    doc = sample();
    doc["resultats"][1]["id"] = doc["resultats"][0]["id"];
    auto twice = employers::import_offers_text(st.db(), "p.json", doc.dump(), {});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("clé en double") != std::string::npos);

    auto truncated =
        employers::import_offers_text(st.db(), "t.json", "{\"resultats\": [{\"id\"", {});
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().message.find("t.json, ligne 1, colonne") == 0);
    CHECK(count(st, "SELECT COUNT(*) FROM offers") == 0);
  }
}

TEST_CASE("offers: search by job and commune; an application on an offer of the employer") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    employers::EmployerService svc{f.store.db(), f.clock, f.rng, f.audit};
    auto shop = svc.create(f.c1, {"41221879000019", "Bricolage Technopole", "", "21", "", "", ""});
    REQUIRE(shop.ok());
    json doc = sample();
    doc["resultats"][0]["entreprise"]["siret"] = "41221879000019";  // a published, valid SIRET
    REQUIRE(employers::import_offers_text(f.store.db(), "o.json", doc.dump(), {}).ok());
    CHECK(svc.offers(f.c1, {.rome = "D1212"}).size() == 8);
    CHECK(svc.offers(f.c1, {.rome = "K2204"}).empty());
    auto metz = svc.offers(f.c1, {.commune = "57463"});
    REQUIRE(metz.size() == 1);
    CHECK(metz[0].source_id == "082SGKK");
    CHECK(metz[0].establishment_id == *shop);
    CHECK(svc.offers(f.c1, {.establishment_id = *shop}).size() == 1);
    CHECK(svc.offers(f.c1, {.query = "VENDEUR"}).size() == 7);

    std::string b = f.person(f.c1, "Morel");
    auto unlinked = svc.offers(f.c1, {.commune = "57487"});
    REQUIRE(unlinked.size() == 1);
    CHECK(svc.propose(f.c1, b, {"", "", "", unlinked[0].id}).error().field == "establishment_id");
    auto a = svc.propose(f.c1, b, {"", "", "", metz[0].id});
    REQUIRE_MESSAGE(a.ok(), a.error().message);
    auto got = svc.application(f.c1, *a);
    CHECK(got->establishment_id == *shop);
    CHECK(got->job == "conseiller de vente (H/F)");  // the offer's title
    CHECK(got->offer_id == metz[0].id);
    REQUIRE(svc.set_offer_open(f.c1, metz[0].id, false).ok());
    CHECK(svc.offers(f.c1, {.commune = "57463"}).empty());
  }
}
