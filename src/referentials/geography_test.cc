// Geography on both engines: the COG, centroids, employment zones and basins as published, and
// the commune queries counselors use (by name, by postcode, a commune's areas, distances).
#include "referentials/geography.h"

#include <doctest/doctest.h>

#include "referentials/communes.h"
#include "referentials/tension.h"
#include "referentials/territory.h"
#include "support/referential_stores.h"
#include "support/scalar.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::geography_store;
using jalon::testing::scalar;
using jalon::testing::scalar_int;
using jalon::testing::shipped_data;

namespace {
std::vector<std::string> codes_of(const std::vector<CommuneSummary>& v) {
  std::vector<std::string> out;
  for (const auto& c : v) out.push_back(c.code);
  return out;
}

}  // namespace

TEST_CASE(
    "geography: the COG, centroids, zones and basins, and the commune queries (shared store)") {
  SUBCASE("the COG 2026, centroids, zones and basins are in the store, row for row") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      CHECK(count_rows(db, "regions") == 26);
      CHECK(count_rows(db, "departements") == 109);
      // 34 969 current communes and 45 municipal arrondissements of Paris, Lyon and Marseille.
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM communes WHERE kind = 'commune-actuelle'") ==
            34969);
      CHECK(scalar_int(
                db, "SELECT COUNT(*) FROM communes WHERE kind = 'arrondissement-municipal'") == 45);
      CHECK(scalar_int(db,
                       "SELECT COUNT(*) FROM communes WHERE departement_code = '38' AND kind = "
                       "'commune-actuelle'") == 512);
      CHECK(count_rows(db, "commune_postcodes") == 35539);
      CHECK(count_rows(db, "commune_former_codes") == 4242);
      CHECK(count_rows(db, "epcis") == 1255);
      CHECK(count_rows(db, "epci_communes") == 34871);
      // Every centroid of the file is a commune's, and every commune the file covers has one.
      CHECK(count_rows(db, "commune_centroids") == 34888);
      CHECK(scalar_int(db,
                       "SELECT COUNT(*) FROM commune_centroids k JOIN communes c ON c.code = "
                       "k.commune_code WHERE c.kind = 'commune-actuelle'") == 34888);
      CHECK(count_rows(db, "employment_zones") == 306);
      CHECK(count_rows(db, "employment_zone_communes") == 34935);
      CHECK(count_rows(db, "employment_basins") == 404);
      CHECK(count_rows(db, "employment_basin_communes") == 37498);
      // The bassin file's lost leading zeros are restored: Montluçon's communes are in 03.
      CHECK(
          scalar_int(db,
                     "SELECT COUNT(*) FROM employment_basin_communes WHERE basin_code = '8447' AND "
                     "commune_code LIKE '03%'") > 0);
      CHECK(scalar_int(
                db,
                "SELECT COUNT(*) FROM employment_basin_communes WHERE LENGTH(commune_code) <> 5") ==
            0);
    }
  }

  SUBCASE("re-importing the geography changes nothing; an inconsistent area name is reported") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      auto basins = import_employment_basins(db, shipped_data("geo"));
      REQUIRE(basins.ok());
      CHECK_FALSE(basins->changed());
      CHECK(basins->unchanged() == 37498 + 404);
      REQUIRE(basins->warnings.size() == 2);
      CHECK(basins->warnings[1].find("« TARENTAISE » (89 lignes)") != std::string::npos);
      auto zones = import_employment_zones(db, shipped_data("geo"));
      REQUIRE(zones.ok());
      CHECK_FALSE(zones->changed());
      auto centroids = import_centroids(db, shipped_data("geo"));
      REQUIRE(centroids.ok());
      CHECK_FALSE(centroids->changed());
    }
  }

  SUBCASE("a zones file in the wrong encoding is refused and changes nothing") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      int64_t before = count_rows(db, "employment_zone_communes");
      auto r = import_employment_zones(
          db, jalon::testing::referential_fixture("Export_Communes_Zones_Emploi_latin1.csv"));
      REQUIRE_FALSE(r.ok());
      CHECK(
          r.error().message ==
          "Export_Communes_Zones_Emploi_latin1.csv, ligne 3, colonne « libze2020 » : texte qui "
          "n'est pas de l'UTF-8 valide (fichier enregistré dans un autre encodage, ISO-8859-1 par "
          "exemple ?)");
      CHECK(count_rows(db, "employment_zone_communes") == before);
    }
  }

  SUBCASE("communes by name: accents, hyphens and saints' abbreviations do not matter") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      auto moirans = find_communes(db, "moirans");
      REQUIRE_FALSE(moirans.empty());
      CHECK(moirans[0].code == "38239");
      CHECK(moirans[0].name == "Moirans");
      CHECK(moirans[0].postcodes == std::vector<std::string>{"38430"});
      CHECK(moirans[0].population == 7818);
      auto st = find_communes(db, "st etienne");
      REQUIRE_FALSE(st.empty());
      CHECK(st[0].code == "42218");
      CHECK(st[0].postcodes == std::vector<std::string>{"42000", "42100", "42230"});
      CHECK(find_communes(db, "SAINT-ÉTIENNE")[0].code == "42218");
      auto de = find_communes(db, "saint-etienne-de");
      REQUIRE(de.size() == 20);
      for (const auto& c : de) CHECK(commune_search_name(c.name).starts_with("saint etienne de"));
      auto word = codes_of(find_communes(db, "etienne"));
      CHECK(std::find(word.begin(), word.end(), "42218") != word.end());
      CHECK(find_communes(db, "").empty());
      CHECK(find_communes(db, "zzqxw").empty());
    }
  }

  SUBCASE("communes by postcode or INSEE code, largest first") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      // Postcode 38500 first (Voiron and four others), then the commune whose INSEE code is 38500.
      CHECK(codes_of(find_communes(db, "38500")) ==
            std::vector<std::string>{"38563", "38133", "38061", "38373", "38432", "38500"});
      CHECK(codes_of(find_communes(db, "38239")) == std::vector<std::string>{"38239"});
      CHECK(find_communes(db, "38").size() == 20);
      // Paris holds every Paris postcode, and outnumbers its 1st arrondissement.
      CHECK(codes_of(find_communes(db, "75 001")) == std::vector<std::string>{"75056", "75101"});
    }
  }

  SUBCASE("a commune's EPCI, département, région, employment zone and basin") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      auto d = commune_detail(db, "38239");
      REQUIRE(d.ok());
      CHECK(d->commune.name == "Moirans");
      CHECK(d->kind == "commune-actuelle");
      CHECK(d->epci.code == "243800984");
      CHECK(d->epci.name == "CA du Pays Voironnais");
      CHECK(d->departement.code == "38");
      CHECK(d->departement.name == "Isère");
      CHECK(d->region.code == "84");
      CHECK(d->region.name == "Auvergne-Rhône-Alpes");
      CHECK(d->employment_zone.code == "8435");
      CHECK(d->employment_zone.name == "Voiron");
      CHECK(d->employment_basin.code == "8413");
      CHECK(d->employment_basin.name == "VOIRON");
      REQUIRE(d->centroid);
      CHECK(d->centroid->latitude == doctest::Approx(45.318577));
      CHECK(d->centroid->longitude == doctest::Approx(5.5618005));
      // Merged in 2025, after the 2020 zoning: found through a former code.
      auto conques = commune_detail(db, "12218");
      REQUIRE(conques.ok());
      CHECK(conques->employment_zone.code == "7621");
      // A municipal arrondissement takes its commune's zone and centroid.
      auto lyon1 = commune_detail(db, "69381");
      REQUIRE(lyon1.ok());
      CHECK(lyon1->kind == "arrondissement-municipal");
      CHECK(lyon1->parent_code == "69123");
      CHECK_FALSE(lyon1->employment_zone.code.empty());
      CHECK(lyon1->centroid.has_value());
      CHECK(commune_detail(db, "99999").error().kind == ErrorKind::kNotFound);
    }
  }

  SUBCASE("great-circle distances and communes within a radius") {
    CHECK(great_circle_km({45.318577, 5.5618005}, {45.318577, 5.5618005}) == 0.0);
    CHECK(great_circle_km({0, 0}, {0, 180}) == doctest::Approx(20015.1).epsilon(0.001));
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = geography_store(e);
      CHECK(distance_km(db, "38239", "38185").value() == doctest::Approx(19.64).epsilon(0.001));
      CHECK(distance_km(db, "75056", "13055").value() == doctest::Approx(662.62).epsilon(0.001));
      CHECK(distance_km(db, "38239", "99999").error().kind == ErrorKind::kNotFound);
      auto near = communes_within(db, "38239", 10);
      REQUIRE(near.ok());
      CHECK(near->size() == 24);
      CHECK(near->front().code == "38239");
      CHECK(near->front().km == 0.0);
      for (std::size_t i = 1; i < near->size(); ++i) {
        CHECK((*near)[i].km <= 10.0);
        CHECK((*near)[i - 1].km <= (*near)[i].km);
      }
      CHECK(communes_within(db, "38239", -1).error().kind == ErrorKind::kInvalid);
      CHECK(communes_within(db, "38239", 1000).error().kind == ErrorKind::kInvalid);
    }
  }

  SUBCASE("occupations in shortage by région, the edition taken from the file name") {
    CHECK(edition_from_file_name("metiers_en_tension_mars_2024.csv") == "2024-03");
    CHECK(edition_from_file_name("data/metiers-en-tension-février-2026.csv.gz") == "2026-02");
    CHECK(edition_from_file_name("metiers_en_tension_2025.csv") == "2025");
    CHECK(edition_from_file_name("metiers_en_tension.csv") == "");
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      // The régions of the geography store name the list's régions.
      auto& db = geography_store(e);
      auto r = import_shortage_occupations(db, shipped_data("labour_market"));
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
      CHECK(r->edition == "2024-03");
      CHECK(scalar(db, "SELECT COUNT(*) FROM shortage_occupations WHERE edition = '2024-03'") ==
            "399");
      CHECK(scalar(db, "SELECT COUNT(*) FROM shortage_occupations WHERE region_code IS NULL") ==
            "4");
      CHECK(scalar(db,
                   "SELECT region_code FROM shortage_occupations WHERE region_name = "
                   "'Ile-de-France' LIMIT 1") == "11");
      CHECK(scalar(db, "SELECT COUNT(DISTINCT region_code) FROM shortage_occupations") == "13");
    }
  }
}

TEST_CASE("geography: the commune a person typed, and the areas found by name (shared store)") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    auto& db = geography_store(e);
    auto code_of = [&](std::string_view typed) {
      auto r = resolve_commune(db, typed);
      return r.ok() ? r->code : "error: " + r.error().message;
    };
    CHECK(code_of("Voiron") == "38563");
    CHECK(code_of("38563") == "38563");
    CHECK(code_of("Voiron (38500)") == "38563");
    CHECK(code_of("38500 voiron") == "38563");
    CHECK(code_of("st etienne de crossey") == "38383");
    CHECK(code_of("Saint-Martin-d'Hères") == "38421");
    // A postcode shared by several communes, or a name many communes bear, asks for more.
    auto many = resolve_commune(db, "Saint-Martin");
    REQUIRE_FALSE(many.ok());
    CHECK(many.error().message.find("plusieurs communes") != std::string::npos);
    CHECK(code_of("Saint-Martin 32") == "32389");
    auto none = resolve_commune(db, "Atlantide");
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("Aucune commune") != std::string::npos);
    CHECK_FALSE(resolve_commune(db, "  ").ok());

    auto names = [](const std::vector<AreaSummary>& v) {
      std::vector<std::string> out;
      for (const auto& a : v) out.push_back(a.code + " " + a.name);
      return out;
    };
    auto epci = find_areas(db, TerritoryKind::kEpci, "pays voironnais");
    REQUIRE_FALSE(epci.empty());
    CHECK(names(epci).front() == "243800984 CA du Pays Voironnais");
    CHECK(names(find_areas(db, TerritoryKind::kDepartement, "isere")).front() == "38 Isère");
    CHECK(names(find_areas(db, TerritoryKind::kEmploymentBasin, "8413")).front() == "8413 VOIRON");
    CHECK(find_areas(db, TerritoryKind::kRegion, "auvergne").front().code == "84");
    CHECK(find_areas(db, TerritoryKind::kCustom, "voiron").empty());
    CHECK(find_areas(db, TerritoryKind::kEpci, "").empty());
    CHECK(find_areas(db, TerritoryKind::kEpci, "communaute", 5).size() == 5);
  }
}
