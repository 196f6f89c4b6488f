// BMO on both engines: the published workbook row for row, `*` kept as unknown (never 0), a new
// vintage beside the old one, CSV and xlsx equivalent, and malformed files refused with the store
// unchanged.
#include "referentials/bmo.h"

#include <doctest/doctest.h>

#include "support/referential_data.h"
#include "support/scalar.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::referential_fixture;
using jalon::testing::scalar;
using jalon::testing::scalar_int;
using jalon::testing::shipped_data;
using jalon::testing::TestStore;

namespace {
std::vector<std::string> dump_bmo(store::Database& db) {
  auto tx = db.read();
  std::vector<std::string> out;
  for (const auto& r : tx.query(
           "SELECT vintage, occupation_code, basin_code, departement_code, region_code, projects, "
           "projects_below_threshold, difficult, difficult_below_threshold, seasonal, "
           "seasonal_below_threshold FROM bmo_projects ORDER BY 1, 2, 3, 4")) {
    std::string line;
    for (const auto& c : r.cells) line += (c.is_null() ? "NULL" : c.to_string()) + "|";
    out.push_back(line);
  }
  for (const auto& r : tx.query("SELECT vintage, code, label, family_code, family_label FROM "
                                "bmo_occupations ORDER BY 1, 2")) {
    out.push_back(r[0].to_string() + "|" + r.text(1) + "|" + r.text(2) + "|" + r.text(3) + "|" +
                  r.text(4));
  }
  for (const auto& r : tx.query("SELECT vintage, code, name FROM bmo_basins ORDER BY 1, 2")) {
    out.push_back(r[0].to_string() + "|" + r.text(1) + "|" + r.text(2));
  }
  return out;
}

}  // namespace

TEST_CASE("BMO 2024 from the published xlsx: 53 443 rows, * stored as unknown, never 0") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    auto r = import_bmo(s.db(), shipped_data("labour_market"));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->edition == "2024");
    CHECK(r->rows_read == 53443);
    CHECK(r->files ==
          std::vector<std::string>{"Base_open_data_BMO_2024.xlsx, feuille « BMO_2024_open_data »"});
    CHECK(count_rows(s.db(), "bmo_projects") == 53443);
    CHECK(count_rows(s.db(), "bmo_occupations") == 217);
    CHECK(count_rows(s.db(), "bmo_basins") == 406);
    CHECK(scalar_int(s.db(),
                     "SELECT COUNT(*) FROM bmo_projects WHERE projects IS NULL AND "
                     "projects_below_threshold = 1") == 10891);
    CHECK(scalar_int(s.db(),
                     "SELECT COUNT(*) FROM bmo_projects WHERE difficult_below_threshold = 1") ==
          20507);
    CHECK(scalar_int(s.db(),
                     "SELECT COUNT(*) FROM bmo_projects WHERE seasonal_below_threshold = 1") ==
          39359);
    CHECK(scalar_int(s.db(), "SELECT COUNT(*) FROM bmo_projects WHERE projects = 0") == 0);
    // France's total of recruitment projects, as France Travail announced it for 2024.
    CHECK(scalar_int(s.db(), "SELECT SUM(projects) FROM bmo_projects") == 2751069);
    auto voiron = bmo_basin_totals(s.db(), 2024, "8413");
    REQUIRE(voiron.ok());
    CHECK(voiron->basin_name == "VOIRON");
    CHECK(voiron->projects == 4863);
    CHECK(voiron->difficult == 3249);
    CHECK(voiron->seasonal == 1483);
    CHECK(voiron->cells_below_threshold == 191);
    CHECK(bmo_basin_totals(s.db(), 2023, "8413").error().kind == ErrorKind::kNotFound);
    // The same file again changes nothing.
    auto again = import_bmo(s.db(), shipped_data("labour_market/Base_open_data_BMO_2024.xlsx"));
    REQUIRE(again.ok());
    CHECK_FALSE(again->changed());
    CHECK(again->unchanged() == 53443 + 217 + 406);
  }
}

TEST_CASE("a new BMO vintage is added beside the previous one, never over it") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    REQUIRE(import_bmo(s.db(), referential_fixture("Base_open_data_BMO_2025_sample.xlsx")).ok());
    auto with_2025 = dump_bmo(s.db());
    auto r2024 = import_bmo(s.db(), shipped_data("labour_market"));
    REQUIRE(r2024.ok());
    CHECK(r2024->removed() == 0);
    CHECK(scalar_int(s.db(), "SELECT COUNT(*) FROM bmo_projects WHERE vintage = 2025") == 6);
    CHECK(scalar_int(s.db(), "SELECT COUNT(*) FROM bmo_projects WHERE vintage = 2024") == 53443);
    // Re-importing 2025 touches 2025 only.
    auto again = import_bmo(s.db(), referential_fixture("Base_open_data_BMO_2025_sample.xlsx"));
    REQUIRE(again.ok());
    CHECK_FALSE(again->changed());
    CHECK(again->edition == "2025");
    CHECK(scalar_int(s.db(), "SELECT COUNT(*) FROM bmo_projects WHERE vintage = 2024") == 53443);
    auto tx = s.db().read();
    CHECK(tx.query("SELECT edition FROM referential_datasets WHERE dataset = 'bmo' ORDER BY 1")
              .size() == 2);
  }
}

TEST_CASE("BMO from CSV and from xlsx give the same rows") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore from_xlsx(e), from_csv(e);
    auto x = import_bmo(from_xlsx.db(), referential_fixture("Base_open_data_BMO_2025_sample.xlsx"));
    auto c = import_bmo(from_csv.db(), referential_fixture("bmo_2025_sample.csv"));
    REQUIRE(x.ok());
    REQUIRE(c.ok());
    auto rows = dump_bmo(from_xlsx.db());
    CHECK(rows == dump_bmo(from_csv.db()));
    CHECK(rows.front() == "2025|A0X40|8412|38|84|136|0|NULL|1|90|0|");
    // One basin over two départements: two rows.
    CHECK(scalar_int(from_csv.db(),
                     "SELECT COUNT(*) FROM bmo_projects WHERE basin_code = '1117'") == 2);
    // The CSV of the same table into the xlsx store changes nothing.
    auto cross = import_bmo(from_xlsx.db(), referential_fixture("bmo_2025_sample.csv"));
    REQUIRE(cross.ok());
    CHECK_FALSE(cross->changed());
  }
}

TEST_CASE(
    "malformed BMO files are refused with file, line, column and reason, and nothing changes") {
  struct Case {
    const char* file;
    const char* error;
  };
  const Case cases[] = {
      {"bmo_truncated.xlsx",
       "bmo_truncated.xlsx : classeur xlsx illisible : archive zip tronquée ou corrompue, ou "
       "fichier "
       "qui n'est pas un classeur Excel"},
      {"bmo_text_in_number.csv",
       "bmo_text_in_number.csv, ligne 4, colonne « met » : « douze » n'est pas un nombre entier"},
      {"bmo_missing_column.csv", "bmo_missing_column.csv, ligne 1 : colonne manquante : « xmet »"},
      {"bmo_duplicate_key.csv",
       "bmo_duplicate_key.csv, ligne 8, colonne « Code métier BMO » : clé en double (vintage = "
       "2025, occupation_code = A0X40, basin_code = 8413, departement_code = 38) : déjà vue ligne "
       "2"},
  };
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    REQUIRE(import_bmo(s.db(), referential_fixture("Base_open_data_BMO_2025_sample.xlsx")).ok());
    auto before = dump_bmo(s.db());
    for (const auto& c : cases) {
      CAPTURE(c.file);
      auto r = import_bmo(s.db(), referential_fixture(c.file));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().kind == ErrorKind::kInvalid);
      CHECK(r.error().message == c.error);
      CHECK(dump_bmo(s.db()) == before);
    }
  }
}
