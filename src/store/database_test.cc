#include "store/database.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "core/assets.h"
#include "core/clock.h"
#include "store/migrations.h"
#include "store/postgres/pg_database.h"
#include "store/row_reader.h"
#include "store/search.h"
#include "store/sqlite/sqlite_database.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::store;
using jalon::testing::TestStore;

TEST_CASE("migrations apply in order and are recorded, on both engines") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    auto all = load_migrations(assets::AssetSource(), e);
    REQUIRE(all.ok());
    CHECK(schema_version(s.db()) == all->back().version);
    auto tx = s.db().read();
    auto row = tx.query_one("SELECT value FROM instance_settings WHERE key = ?", {"instance_name"});
    REQUIRE(row);
    CHECK(row->text(0) == "Jalon");
    CHECK(tx.query("SELECT version FROM schema_migrations ORDER BY version").size() == all->size());
    tx.commit();
    // A second run has nothing to do.
    SystemClock clock;
    auto again = migrate(s.db(), assets::AssetSource(), s.data_dir() + "/backups", clock);
    REQUIRE(again.ok());
    CHECK(again->applied.empty());
  }
}

TEST_CASE("a rolled-back transaction leaves nothing, a committed one persists") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    {
      auto tx = s.db().write();
      tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {"k1", "v1"});
      tx.rollback();
    }
    {
      auto tx = s.db().write();
      tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {"k2", "v2"});
      // no commit: the guard rolls back when it goes out of scope
    }
    {
      auto tx = s.db().write();
      CHECK(tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {"k3", "v3"}) == 1);
      tx.commit();
    }
    s.reopen();
    auto tx = s.db().read();
    CHECK_FALSE(tx.query_one("SELECT 1 FROM instance_settings WHERE key = ?", {"k1"}));
    CHECK_FALSE(tx.query_one("SELECT 1 FROM instance_settings WHERE key = ?", {"k2"}));
    CHECK(tx.query_one("SELECT value FROM instance_settings WHERE key = ?", {"k3"})->text(0) ==
          "v3");
  }
}

TEST_CASE("values of every type round-trip, and constraint errors have their kind") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    auto tx = s.db().write();
    std::string blob_ddl = e == Engine::kSqlite ? "BLOB" : "BYTEA";
    tx.exec_script("CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, r DOUBLE PRECISION, b " +
                   blob_ddl + ", o TEXT)");
    std::string bytes("\0\x01\xffz", 4);
    tx.exec("INSERT INTO t (id, n, r, b, o) VALUES (?, ?, ?, ?, ?)",
            {"a", 9007199254740993LL, 2.5, Value::blob(bytes), std::optional<std::string>()});
    auto row = tx.query_one("SELECT id, n, r, b, o FROM t WHERE id = ?", {"a"});
    REQUIRE(row);
    CHECK(row->i64(1) == 9007199254740993LL);
    CHECK(row->f64(2) == 2.5);
    CHECK(row->text(3) == bytes);
    CHECK(row->is_null(4));
    // The same row read as a cursor, in SELECT order.
    store::RowReader r(*row);
    CHECK(r.text() == "a");
    CHECK(r.i64() == 9007199254740993LL);
    CHECK(r.f64() == 2.5);
    CHECK(r.text() == bytes);
    CHECK(!r.done());
    CHECK(r.next_is_null());
    CHECK(r.opt_text() == std::nullopt);
    CHECK(r.done());
    CHECK_THROWS_AS(r.text(), std::out_of_range);
    // 'It''s ?' holds a question mark inside a literal: not a placeholder.
    auto lit = tx.query_one("SELECT 'It''s ?', ?", {"x"});
    CHECK(lit->text(0) == "It's ?");
    CHECK_THROWS_AS(tx.exec("INSERT INTO t (id) VALUES (?)", {"a"}), StoreError);
    tx.rollback();
  }
  SUBCASE("constraint kind") {
    TestStore s(Engine::kSqlite);
    auto tx = s.db().write();
    try {
      tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {"instance_name", "x"});
      FAIL("expected a constraint error");
    } catch (const StoreError& err) {
      CHECK(err.kind() == StoreError::Kind::kConstraint);
    }
  }
}

TEST_CASE("SQLite refuses to open with settings other than the required ones (SR 51)") {
  std::string dir = jalon::testing::make_temp_dir();
  SqlitePragmas wrong;
  wrong.synchronous = 1;  // NORMAL: a commit could be lost on power failure
  CHECK_THROWS_WITH_AS(open_sqlite({.data_dir = dir}, wrong),
                       doctest::Contains("synchronous=1 (required 2)"), StoreError);
  SqlitePragmas no_wal;
  no_wal.journal_mode = "delete";
  CHECK_THROWS_WITH_AS(open_sqlite({.data_dir = dir}, no_wal),
                       doctest::Contains("journal_mode=delete"), StoreError);
  SqlitePragmas insecure;
  insecure.secure_delete = 0;
  CHECK_THROWS_AS(open_sqlite({.data_dir = dir}, insecure), StoreError);
  auto db = open_sqlite({.data_dir = dir});
  CHECK(db->check_integrity().empty());
  db.reset();
  std::filesystem::remove_all(dir);
}

TEST_CASE("SQLite takes a backup before migrating a store that holds data") {
  TestStore s(Engine::kSqlite, /*migrate=*/false);
  SystemClock clock;
  auto first = migrate(s.db(), assets::AssetSource(), s.data_dir() + "/backups", clock);
  REQUIRE(first.ok());
  CHECK(first->backup_path.empty());  // a new store has nothing to save
  // Pretend migration 0002 is pending: the next migrate must snapshot the store first.
  {
    auto tx = s.db().write();
    tx.exec("DELETE FROM schema_migrations WHERE version = ?", {2});
    tx.commit();
  }
  // Re-applying 0002 on SQLite is harmless (it only selects).
  auto second = migrate(s.db(), assets::AssetSource(), s.data_dir() + "/backups", clock);
  REQUIRE(second.ok());
  REQUIRE_FALSE(second->backup_path.empty());
  CHECK(std::filesystem::file_size(second->backup_path) > 0);
  auto copy = open_sqlite({.data_dir = s.data_dir() + "/restored"});
  copy.reset();
  std::filesystem::copy_file(second->backup_path, s.data_dir() + "/restored/jalon.db",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(s.data_dir() + "/restored/jalon.db-wal");
  std::filesystem::remove(s.data_dir() + "/restored/jalon.db-shm");
  auto restored = open_sqlite({.data_dir = s.data_dir() + "/restored"});
  auto tx = restored->read();
  CHECK(tx.query_one("SELECT value FROM instance_settings WHERE key = 'instance_name'")->text(0) ==
        "Jalon");
}

TEST_CASE("placeholders are rewritten outside literals only") {
  CHECK(rewrite_placeholders("SELECT ? , '?', \"a?\" WHERE x = ?") ==
        "SELECT $1 , '?', \"a?\" WHERE x = $2");
}

TEST_CASE("full-text search ignores accents and case, on both engines") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    SearchIndex idx("test_jobs");
    auto tx = s.db().write();
    tx.exec_script(search_index_ddl(e, "test_jobs"));
    idx.put(tx, "M1805", "Développeur / Développeuse informatique");
    idx.put(tx, "J1501", "Aide-soignant / Aide-soignante");
    idx.put(tx, "K1302", "Auxiliaire de vie sociale");
    idx.put(tx, "K1302", "Auxiliaire de vie sociale (AVS)");  // replaces, not duplicates
    tx.commit();
    auto rtx = s.db().read();
    auto hits = idx.search(rtx, "developpeuse", 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].doc_id == "M1805");
    CHECK(idx.search(rtx, "DÉVELOPPEUR", 10).size() == 1);
    CHECK(idx.search(rtx, "aide soignante", 10).at(0).doc_id == "J1501");
    CHECK(idx.search(rtx, "auxiliaire vie", 10).size() == 1);
    CHECK(idx.search(rtx, "plombier", 10).empty());
    CHECK(idx.search(rtx, "\"); DROP TABLE x; --", 10).empty());  // syntax is neutralised
    CHECK(idx.search(rtx, "", 10).empty());
  }
}

TEST_CASE("migration 0003 is one portable file: @blob and @append_only expand per engine") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    auto all = load_migrations(assets::AssetSource(), e);
    REQUIRE(all.ok());
    auto m = std::find_if(all->begin(), all->end(), [](const auto& x) { return x.version == 3; });
    REQUIRE(m != all->end());
    CHECK(m->name == "0003_access");  // the name recorded in schema_migrations is unchanged
    CHECK(m->sql.find('@') == std::string::npos);
    bool sqlite = e == Engine::kSqlite;
    CHECK(m->sql.find(sqlite ? "totp_secret BLOB," : "totp_secret BYTEA,") != std::string::npos);
    CHECK(m->sql.find(sqlite ? "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
                             : "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE") !=
          std::string::npos);
    // The stored schema: the column's type, and the triggers refusing edits.
    TestStore s(e);
    auto tx = s.db().read();
    auto type = tx.query_one(
        sqlite ? "SELECT type FROM pragma_table_info('users') WHERE name = 'totp_secret'"
               : "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' "
                 "AND column_name = 'totp_secret'");
    REQUIRE(type);
    CHECK(type->text(0) == (sqlite ? "BLOB" : "bytea"));
    auto triggers = tx.query(sqlite ? "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                      "tbl_name = 'audit_log' ORDER BY name"
                                    : "SELECT DISTINCT tgname FROM pg_trigger WHERE tgname LIKE "
                                      "'audit_log_no_%' ORDER BY tgname");
    REQUIRE(triggers.size() == 2);
    CHECK(triggers[0].text(0) == (sqlite ? "audit_log_no_delete" : "audit_log_no_truncate"));
    CHECK(triggers[1].text(0) == "audit_log_no_update");
    tx.commit();
  }
}
