// TableLoader and run_import on both engines: what an import counts, what it removes, the keys it
// refuses, and that an error leaves the store as it was.
#include "referentials/import.h"

#include <doctest/doctest.h>

#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::TestStore;

namespace {

// A scratch table: key (edition, code), a label, an owner-free count.
void create_table(store::Database& db) {
  auto tx = db.write();
  tx.exec_script(
      "CREATE TABLE t (edition TEXT NOT NULL, code TEXT NOT NULL, label TEXT, n BIGINT, "
      "PRIMARY KEY (edition, code))");
  tx.commit();
}

const TableSpec kSpec{"t", {"edition", "code", "label", "n"}, 2, "edition"};

TableCounts load(store::Database& db, const std::string& edition,
                 const std::vector<std::tuple<std::string, std::string, int>>& rows) {
  auto tx = db.write();
  TableLoader l(tx, kSpec, edition);
  for (const auto& [code, label, n] : rows) l.add({edition, code, label, n}, {"f", "ligne 1", {}});
  auto counts = l.finish();
  tx.commit();
  return counts;
}

std::vector<std::string> dump(store::Database& db) {
  auto tx = db.read();
  std::vector<std::string> out;
  for (const auto& r : tx.query("SELECT edition, code, label, n FROM t ORDER BY edition, code")) {
    out.push_back(r.text(0) + "|" + r.text(1) + "|" + r[2].to_string() + "|" + r[3].to_string());
  }
  return out;
}

}  // namespace

TEST_CASE("TableLoader counts added, updated, unchanged and removed rows within its scope") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    create_table(s.db());
    auto first = load(s.db(), "2024", {{"a", "A", 1}, {"b", "B", 2}, {"c", "C", 3}});
    CHECK(first.added == 3);
    CHECK(first.updated + first.unchanged + first.removed == 0);
    auto again = load(s.db(), "2024", {{"a", "A", 1}, {"b", "B", 2}, {"c", "C", 3}});
    CHECK(again.unchanged == 3);
    CHECK(again.added + again.updated + again.removed == 0);
    // Another edition sits beside the first one.
    auto next = load(s.db(), "2025", {{"a", "A'", 10}});
    CHECK(next.added == 1);
    CHECK(next.removed == 0);
    // A new file for 2024: one label changed, one row gone, one new.
    auto changed = load(s.db(), "2024", {{"a", "A", 1}, {"b", "B bis", 2}, {"d", "D", 4}});
    CHECK(changed.added == 1);
    CHECK(changed.updated == 1);
    CHECK(changed.unchanged == 1);
    CHECK(changed.removed == 1);
    CHECK(dump(s.db()) ==
          std::vector<std::string>{"2024|a|A|1", "2024|b|B bis|2", "2024|d|D|4", "2025|a|A'|10"});
  }
}

TEST_CASE("TableLoader refuses a repeated key, naming where it was first seen") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    create_table(s.db());
    auto tx = s.db().write();
    TableLoader l(tx, kSpec, "2024");
    l.add({"2024", "a", "A", 1}, {"f.csv", "ligne 2", {}});
    CHECK_THROWS_WITH_AS(l.add({"2024", "a", "A", 1}, {"f.csv", "ligne 9", {}}),
                         "f.csv, ligne 9 : clé en double (edition = 2024, code = a) : déjà vue "
                         "ligne 2",
                         ImportError);
    // Where repeats are allowed, identical ones fold and different ones are refused.
    TableLoader folding(tx, {"t", {"edition", "code", "label", "n"}, 2, "edition", true}, "2030");
    folding.add({"2030", "x", "X", 1}, {"f.csv", "ligne 3", {}});
    folding.add({"2030", "x", "X", 1}, {"f.csv", "ligne 4", {}});
    CHECK_THROWS_WITH_AS(folding.add({"2030", "x", "Y", 1}, {"f.csv", "ligne 5", {}}),
                         "f.csv, ligne 5 : clé en double (edition = 2030, code = x) : déjà vue "
                         "ligne 3 avec d'autres valeurs",
                         ImportError);
  }
}

TEST_CASE("run_import commits on success, rolls everything back on an ImportError") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    create_table(s.db());
    auto ok = run_import(s.db(), {}, "test", [](store::Tx& tx, ImportSummary& sum, Progress&) {
      TableLoader l(tx, kSpec, "2024");
      l.add({"2024", "a", "A", 1}, {});
      sum.edition = "2024";
      sum.rows_read = 1;
      sum.add(l.finish());
    });
    REQUIRE(ok.ok());
    CHECK(ok->added() == 1);
    auto before = dump(s.db());
    auto failed = run_import(s.db(), {}, "test", [](store::Tx& tx, ImportSummary&, Progress&) {
      TableLoader l(tx, kSpec, "2024");
      l.add({"2024", "b", "B", 2}, {});
      l.finish();
      throw ImportError({"f.csv", "ligne 3", "n"}, "« x » n'est pas un nombre entier");
    });
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == ErrorKind::kInvalid);
    CHECK(failed.error().message ==
          "f.csv, ligne 3, colonne « n » : « x » n'est pas un nombre entier");
    CHECK(dump(s.db()) == before);
    auto tx = s.db().read();
    CHECK(tx.query_one("SELECT edition, rows_read FROM referential_datasets WHERE dataset = ?",
                       {"test"})
              ->text(0) == "2024");
  }
}

TEST_CASE("the summary says what was read and what changed, per table, in French") {
  ImportSummary s;
  s.dataset = "bmo";
  s.edition = "2024";
  s.rows_read = 53443;
  s.elapsed_ms = 1250;
  s.tables = {{"bmo_projects", 53443, 0, 0, 0}, {"bmo_basins", 406, 0, 0, 0}};
  s.warnings = {"zone 102 nommée autrement"};
  std::string text = format_summary(s);
  CHECK(
      text.starts_with("bmo 2024 : 53 443 lignes lues en 1,25 s (42 754 lignes/s), 0 écartées\n"));
  CHECK(text.find("bmo_projects") != std::string::npos);
  CHECK(text.find("total") != std::string::npos);
  CHECK(text.find("attention : zone 102 nommée autrement") != std::string::npos);
}
