// The indicators' comparison areas (département, région, France) are kept by the service that
// computes them, per BMO import: a repeated dashboard reads them from its cache, and a re-import
// of the vintage (a new timestamp) is read again, with its new figures. Both engines.
#include "territorial/indicators.h"

#include <doctest/doctest.h>

#include "support/test_stores.h"

using namespace jalon;
using jalon::testing::TestStore;

namespace {

// A territory of the structure (no commune: its own BMO figures are empty) and one BMO vintage
// of two rows, imported at 1000.
void seed(store::Database& db) {
  auto tx = db.write();
  tx.exec(
      "INSERT INTO territories (id, structure_id, name, name_key, kind, source_code, created_at, "
      "updated_at) VALUES ('t1', 's1', 'Voironnais', 'voironnais', 'communes', NULL, 1, 1)");
  tx.exec(
      "INSERT INTO bmo_occupations (vintage, code, label, family_code, family_label) VALUES "
      "(2024, 'A1X40', 'Agriculteurs salariés', 'A', 'Agriculture')");
  tx.exec(
      "INSERT INTO bmo_projects (vintage, occupation_code, basin_code, departement_code, "
      "region_code, projects, projects_below_threshold, difficult, difficult_below_threshold, "
      "seasonal, seasonal_below_threshold) VALUES "
      "(2024, 'A1X40', '8413', '38', '84', 120, 0, 60, 0, 30, 0), "
      "(2024, 'A1X40', '7501', '75', '11', 80, 0, 20, 0, NULL, 1)");
  tx.exec(
      "INSERT INTO referential_datasets (dataset, edition, files, rows_read, imported_at) "
      "VALUES ('bmo', '2024', 'bmo.csv', 2, 1000)");
  tx.commit();
}

// A re-import of the vintage with other figures: new rows, new timestamp.
void reimport(store::Database& db) {
  auto tx = db.write();
  tx.exec("UPDATE bmo_projects SET projects = 300 WHERE basin_code = '8413'");
  tx.exec("UPDATE referential_datasets SET imported_at = 2000 WHERE dataset = 'bmo'");
  tx.commit();
}

}  // namespace

TEST_CASE("indicators: comparison areas served from the service's cache until a BMO re-import") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    seed(s.db());
    territorial::IndicatorService indicators(s.db());
    const auto& cache = indicators.area_cache();

    auto first = indicators.compute("s1", "t1");
    REQUIRE(first.ok());
    CHECK(first->vintage == 2024);
    CHECK(first->france.projects == 200);
    CHECK(first->france.seasonal_unpublished == 1);
    CHECK(cache.hits() == 0);
    CHECK(cache.misses() == 3);  // département, région, France

    auto again = indicators.compute("s1", "t1");
    REQUIRE(again.ok());
    CHECK(again->france.projects == 200);
    CHECK(again->france.difficult_share == doctest::Approx(0.4));
    CHECK(cache.hits() == 3);
    CHECK(cache.misses() == 3);

    reimport(s.db());
    auto after = indicators.compute("s1", "t1");
    REQUIRE(after.ok());
    CHECK(after->france.projects == 380);  // the new import's figures, not the cached ones
    CHECK(cache.hits() == 3);
    CHECK(cache.misses() == 6);

    // Another structure's territory is not found, and reads nothing.
    CHECK(indicators.compute("s2", "t1").error().kind == ErrorKind::kNotFound);
    CHECK(cache.misses() == 6);
  }
}
