#include "ops/backup.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "core/clock.h"
#include "core/random.h"
#include "core/subprocess.h"
#include "jobs/runner.h"
#include "ops/commands.h"
#include "support/scalar.h"
#include "support/test_stores.h"

using namespace jalon;
using jalon::testing::TestStore;
namespace fs = std::filesystem;

namespace {

struct FixedClock final : Clock {
  Millis t;
  explicit FixedClock(Millis v) : t(v) {}
  Millis now_ms() const override { return t; }
};

constexpr Millis kNoon = 1'764'763'200'000;  // 2025-12-03 12:00 UTC

void seed(TestStore& s) {
  auto tx = s.db().write();
  for (int i = 0; i < 50; ++i) {
    tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)",
            {"drill-" + std::to_string(i), "valeur « " + std::to_string(i * 7) + " »"});
  }
  tx.commit();
  fs::create_directories(fs::path(s.data_dir()) / "uploads" / "ab");
  subprocess::write_file(fs::path(s.data_dir()) / "uploads" / "ab" / "doc.pdf",
                         "%PDF-1.7 synthétique");
  fs::create_directories(fs::path(s.data_dir()) / "keys");
  subprocess::write_file(fs::path(s.data_dir()) / "keys" / "secret.key", "0123456789abcdef");
}

}  // namespace

TEST_CASE(
    "backup then restore into an empty directory gives the same rows, uploads and keys; "
    "a tampered or misplaced restore is refused") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore src(e);
    seed(src);
    FixedClock clock(kNoon);
    auto b = ops::backup(src.db(), {.data_dir = src.data_dir(), .database_url = src.url()}, clock);
    CHECK(fs::path(b.archive).filename() == "jalon-backup-20251203T120000Z.tar");
    CHECK(b.files >= 5);  // store, INFO, TABLES, upload, key
    CHECK(b.rows > 50);
    auto before = ops::table_hashes(src.db());

    // Writes after the backup are not in it.
    {
      auto tx = src.db().write();
      tx.exec("UPDATE instance_settings SET value = 'changé' WHERE key = 'drill-3'");
      tx.commit();
    }

    TestStore target(e, /*migrate=*/false);  // an empty directory and, on PostgreSQL, database
    std::string dir = target.data_dir() + "/restored";
    auto r = ops::restore({.archive = b.archive, .data_dir = dir, .database_url = target.url()});
    CHECK(r.rows == b.rows);
    CHECK(r.tables == b.tables);
    auto restored = store::open_database({.data_dir = dir, .database_url = target.url()});
    CHECK(ops::table_hashes(*restored) == before);
    CHECK(ops::table_hashes(*restored) != ops::table_hashes(src.db()));
    CHECK(jalon::testing::scalar(*restored,
                                 "SELECT value FROM instance_settings WHERE key = 'drill-3'") ==
          "valeur « 21 »");
    CHECK(restored->check_integrity().empty());
    restored.reset();
    CHECK(subprocess::read_file(fs::path(dir) / "uploads" / "ab" / "doc.pdf") ==
          "%PDF-1.7 synthétique");
    CHECK(subprocess::read_file(fs::path(dir) / "keys" / "secret.key") == "0123456789abcdef");
    CHECK_FALSE(fs::exists(fs::path(dir) / ".restore"));

    // Restoring again over it is refused: the directory (and database) now holds a store.
    CHECK_THROWS_WITH(
        ops::restore({.archive = b.archive, .data_dir = dir, .database_url = target.url()}),
        doctest::Contains("empty"));

    // A changed upload breaks its checksum: nothing is restored.
    std::string work = jalon::testing::make_temp_dir();
    std::string cmd = "tar -xf '" + b.archive + "' -C '" + work + "' && printf x >> '" + work +
                      "/uploads/ab/doc.pdf' && tar -cf '" + work + "/bad.tar' -C '" + work +
                      "' MANIFEST.sha256 INFO TABLES uploads keys " +
                      (e == store::Engine::kSqlite ? "jalon.db" : "postgres.dump");
    REQUIRE(std::system(cmd.c_str()) == 0);
    TestStore empty(e, false);
    std::string dir2 = empty.data_dir() + "/r2";
    CHECK_THROWS_WITH(
        ops::restore({.archive = work + "/bad.tar", .data_dir = dir2, .database_url = empty.url()}),
        doctest::Contains("checksum mismatch: uploads/ab/doc.pdf"));
    CHECK_FALSE(fs::exists(fs::path(dir2) / "jalon.db"));
    CHECK_FALSE(fs::exists(fs::path(dir2) / "uploads"));
    // A symbolic link in the archive is refused whatever the manifest says.
    std::string link = "ln -s /etc/hostname '" + work + "/uploads/ab/lien' && tar -cf '" + work +
                       "/link.tar' -C '" + work + "' .";
    REQUIRE(std::system(link.c_str()) == 0);
    CHECK_THROWS_WITH(
        ops::restore(
            {.archive = work + "/link.tar", .data_dir = dir2 + "l", .database_url = empty.url()}),
        doctest::Contains("not a regular file in the archive: uploads/ab/lien"));
    fs::remove_all(work);
  }
}

TEST_CASE("backup retention keeps the newest daily archives and one per month") {
  std::string dir = jalon::testing::make_temp_dir();
  // 40 nights of November and December 2026, and the first of each month of 2025.
  for (int d = 1; d <= 30; ++d) {
    char name[64];
    std::snprintf(name, sizeof name, "jalon-backup-202611%02dT023000Z.tar", d);
    subprocess::write_file(fs::path(dir) / name, "x");
  }
  for (int d = 1; d <= 10; ++d) {
    char name[64];
    std::snprintf(name, sizeof name, "jalon-backup-202612%02dT023000Z.tar", d);
    subprocess::write_file(fs::path(dir) / name, "x");
  }
  for (int m = 1; m <= 12; ++m) {
    char name[64];
    std::snprintf(name, sizeof name, "jalon-backup-2025%02d01T023000Z.tar", m);
    subprocess::write_file(fs::path(dir) / name, "x");
  }
  subprocess::write_file(fs::path(dir) / "notes.txt", "kept");
  auto deleted = ops::prune_backups(dir, 35, 12);
  // 35 newest daily (Dec 10 → Nov 6) + the newest of 10 older months (Oct … Mar 2025, since
  // December and November are already kept): Nov 1–5 and Jan and Feb 2025 go.
  CHECK(deleted.size() == 7);
  CHECK(fs::exists(fs::path(dir) / "jalon-backup-20261106T023000Z.tar"));
  CHECK_FALSE(fs::exists(fs::path(dir) / "jalon-backup-20261105T023000Z.tar"));
  CHECK(fs::exists(fs::path(dir) / "jalon-backup-20250301T023000Z.tar"));
  CHECK_FALSE(fs::exists(fs::path(dir) / "jalon-backup-20250201T023000Z.tar"));
  CHECK(fs::exists(fs::path(dir) / "notes.txt"));
  fs::remove_all(dir);
}

TEST_CASE("the nightly backup job writes an archive at 02:30 and prunes by the retention") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    constexpr Millis kT0 = 1'795'510'800'000;  // Tuesday 2026-11-24 09:00 UTC
    FakeClock clock(kT0);
    SystemRandom rng;
    std::string out = s.data_dir() + "/nightly";
    fs::create_directories(out);
    subprocess::write_file(fs::path(out) / "jalon-backup-20261001T023000Z.tar", "old");
    subprocess::write_file(fs::path(out) / "jalon-backup-20261101T023000Z.tar", "old");
    jobs::Runner runner(s.db(), clock, rng, {.owner = "r1"});
    ops::register_backup_job(runner, s.db(), clock,
                             {.data_dir = s.data_dir(),
                              .database_url = s.url(),
                              .out_dir = out,
                              .retention = {.keep_daily = 2, .keep_monthly = 1}});
    runner.ensure_recurring();
    CHECK(runner.run_due() == 0);                 // nothing before 02:30
    clock.advance(16 * 3'600'000 + 30 * 60'000);  // 2026-11-25 01:30 UTC = 02:30 Paris
    CHECK(runner.run_due() == 1);
    CHECK(fs::exists(fs::path(out) / "jalon-backup-20261125T013000Z.tar"));
    // The two newest are kept (tonight's and November 1st); the one month kept is November's:
    // October's goes.
    CHECK(fs::exists(fs::path(out) / "jalon-backup-20261101T023000Z.tar"));
    CHECK_FALSE(fs::exists(fs::path(out) / "jalon-backup-20261001T023000Z.tar"));
    CHECK(jalon::testing::scalar(s.db(),
                                 "SELECT status FROM jobs WHERE kind = 'ops.backup' AND "
                                 "status <> 'pending'") == "done");
  }
}
