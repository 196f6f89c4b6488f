// ROME search on both engines: what counselors type, with accents missing, in the feminine, or
// misspelt, finds the right fiche first.
#include "referentials/rome_search.h"

#include <doctest/doctest.h>

#include <set>

#include "core/text.h"

#include "support/referential_stores.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::rome_store;

TEST_CASE("ROME search (shared store)") {
  SUBCASE("ROME search puts the expected fiche first") {
    struct Example {
      const char* query;
      const char* fiche;
    };
    const Example examples[] = {
        // The three.
        {"aide soignante", "J1501"},
        {"developpeur", "M1805"},
        {"auxilliaire de vie", "K1302"},
        // Accents, case, feminine forms.
        {"DÉVELOPPEUSE", "M1805"},
        {"infirmière", "J1506"},
        {"assistante maternelle", "K1303"},
        {"serveuse", "G1803"},
        {"secrétaire", "M1607"},
        {"maçon", "F1703"},
        // Several words, one job.
        {"chauffeur poids lourd", "N4101"},
        {"vendeuse en boulangerie", "D1106"},
        {"jardinier paysagiste", "A1203"},
        {"electricien batiment", "F1602"},
        {"mecanicien automobile", "I1604"},
        {"comptable", "M1203"},
        {"cariste", "N1101"},
        {"plombier", "F1603"},
        {"cuisinier", "G1602"},
        // Typos and unfinished words.
        {"boulenger", "D1102"},
        {"developeur", "M1805"},
        {"asistante maternelle", "K1303"},
        {"plomb", "F1603"},
    };
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      for (const auto& ex : examples) {
        CAPTURE(std::string(ex.query));
        auto results = search_rome(db, ex.query);
        REQUIRE_FALSE(results.empty());
        CHECK(results.front().code == ex.fiche);
        CHECK_FALSE(results.front().label.empty());
      }
    }
  }

  SUBCASE("other forms of a word find the fiche; the words as typed still rank first") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      // A plural the labels never use, by its French stem.
      auto livreurs = search_rome(db, "livreurs");
      REQUIRE_FALSE(livreurs.empty());
      CHECK(livreurs.front().code == "N4105");
      // A derived form whose stem differs, from the derived-forms list: "soudure" -> "soudeur".
      auto soudure = search_rome(db, "soudure");
      std::set<std::string> codes;
      for (const auto& m : soudure) codes.insert(m.code);
      CHECK(codes.contains("H2913"));  // Soudage manuel: "Soudeur / Soudeuse" only
      // ... but a label holding "soudure" itself comes first.
      REQUIRE_FALSE(soudure.empty());
      CHECK(text::fold(soudure.front().appellation_label + soudure.front().label).find("soudure") !=
            std::string::npos);
      auto vente = search_rome(db, "vente");
      REQUIRE_FALSE(vente.empty());
      CHECK(text::fold(vente.front().appellation_label + " " + vente.front().label).find("vente") !=
            std::string::npos);
      // Stems do not act as prefixes: "vente" (stem "vent") finds no ventriloquist.
      for (const auto& m : vente) CHECK(m.code != "L1204");
    }
  }

  SUBCASE("a ROME code typed as the query finds its fiche") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      for (const char* q : {"D1102", "d1102", " d 1102 "}) {
        CAPTURE(std::string(q));
        auto r = search_rome(db, q);
        REQUIRE(r.size() == 1);
        CHECK(r.front().code == "D1102");
        CHECK(r.front().label == "Boulangerie - viennoiserie");
      }
      CHECK(search_rome(db, "Z9999").empty());
      CHECK(search_rome(db, "N9999").empty());
      CHECK(as_rome_code("D11023") == std::nullopt);
      CHECK(as_rome_code("1102") == std::nullopt);
    }
  }

  SUBCASE("ROME search returns at most 20 distinct fiches, with the matching appellation") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      auto many = search_rome(db, "agent");
      CHECK(many.size() == 20);
      std::set<std::string> codes;
      for (const auto& m : many) codes.insert(m.code);
      CHECK(codes.size() == many.size());
      for (std::size_t i = 1; i < many.size(); ++i) CHECK(many[i - 1].score >= many[i].score);
      CHECK(search_rome(db, "agent", 5).size() == 5);
      CHECK(search_rome(db, "agent", 500).size() == 20);
      auto aide = search_rome(db, "aide soignante");
      REQUIRE_FALSE(aide.empty());
      CHECK(aide.front().appellation_label.find("Aide-soignant") != std::string::npos);
    }
  }

  SUBCASE("ROME search finds nothing for nothing, or for words no job has") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      CHECK(search_rome(db, "").empty());
      CHECK(search_rome(db, "  -- ").empty());
      CHECK(search_rome(db, "zxqwvbn").empty());
      CHECK(search_rome(db, "developpeur zxqwvbn").empty());
    }
  }

  SUBCASE("both engines rank ROME results alike") {
    auto engines = jalon::testing::engines();
    if (engines.size() < 2) return;  // needs PostgreSQL (JALON_TEST_PG)
    const char* queries[] = {
        "agent",        "aide",          "conducteur",  "vendeuse en boulangerie",
        "technicien",   "assistante",    "responsable", "auxilliaire de vie",
        "DÉVELOPPEUSE", "chef d'équipe", "soins"};
    for (const char* q : queries) {
      CAPTURE(std::string(q));
      auto codes = [&](store::Engine e) {
        std::vector<std::string> out;
        for (const auto& m : search_rome(rome_store(e), q))
          out.push_back(m.code + "/" + m.appellation_code);
        return out;
      };
      auto sqlite = codes(store::Engine::kSqlite);
      CHECK_FALSE(sqlite.empty());
      CHECK(sqlite == codes(store::Engine::kPostgres));
    }
  }
}
