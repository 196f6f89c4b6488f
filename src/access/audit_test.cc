#include "access/audit.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::access;
using jalon::testing::TestStore;

TEST_CASE("SR 47: the audit log is append-only and its hash chain detects tampering") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(1'790'000'000'000);
    Keys keys = Keys::from_bytes({7, 7, 7});
    AuditLog log(s.db(), clock, keys);
    for (int i = 0; i < 5; ++i) {
      auto tx = s.db().write();
      log.record(tx, {"u1", "counselor", "s1", "read", "beneficiary", "b" + std::to_string(i),
                      "identity", "success", "sess", "line\nbreak"});
      tx.commit();
    }
    log.record_async({"u1", "counselor", "s1", "login.success", "user", "u1"});
    log.flush();
    auto ok = AuditLog::verify(s.db(), keys);
    CHECK(ok.ok);
    CHECK(ok.records == 6);
    {
      auto tx = s.db().write();
      CHECK_THROWS_WITH(tx.exec("UPDATE audit_log SET outcome = 'x' WHERE seq = 2"),
                        doctest::Contains("append-only"));
    }
    {
      auto tx = s.db().write();
      CHECK_THROWS_WITH(tx.exec("DELETE FROM audit_log WHERE seq = 6"),
                        doctest::Contains("append-only"));
    }
    // Rolled-back writes leave no record and no gap.
    {
      auto tx = s.db().write();
      log.record(tx, {"u1", "counselor", "s1", "update", "beneficiary", "b9"});
      tx.rollback();
    }
    CHECK(AuditLog::verify(s.db(), keys).records == 6);
    // Someone with direct access bypasses the triggers and edits record 3.
    {
      auto tx = s.db().write();
      if (e == store::Engine::kSqlite) {
        tx.exec_script("DROP TRIGGER audit_log_no_update");
      } else {
        tx.exec_script("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
      }
      tx.exec("UPDATE audit_log SET object_id = 'other' WHERE seq = 3");
      tx.commit();
    }
    auto broken = AuditLog::verify(s.db(), keys);
    CHECK_FALSE(broken.ok);
    CHECK(broken.first_broken_seq == 3);
    CHECK(broken.records == 2);
  }
}

namespace {

// What someone with write access to the database (but not the key) can do: rewrite a record and
// recompute every following link with plain SHA-256, head included.
void rebuild_with_sha256(store::Database& db, store::Engine e, int64_t from_seq) {
  auto tx = db.write();
  if (e == store::Engine::kSqlite) {
    tx.exec_script("DROP TRIGGER IF EXISTS audit_log_no_update");
  } else {
    tx.exec_script("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
  }
  tx.exec("UPDATE audit_log SET outcome = 'success', action = 'read' WHERE seq = ?", {from_seq});
  auto rows = tx.query(
      "SELECT seq, at, actor_user_id, actor_role, structure_id, action, object_type, object_id, "
      "category, outcome, session_ref, details, prev_hash FROM audit_log WHERE seq >= ? ORDER "
      "BY seq",
      {from_seq});
  std::string prev = rows.at(0).text(12);
  for (const auto& r : rows) {
    std::string body = prev + '\x1f' + std::to_string(r.i64(0)) + '\x1f' + std::to_string(r.i64(1));
    for (size_t i = 2; i <= 11; ++i) body += '\x1f' + r.text(i);
    std::string h = sha256_hex(body);
    tx.exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", {prev, h, r.i64(0)});
    prev = h;
  }
  tx.exec("UPDATE audit_head SET hash = ? WHERE id = 1", {prev});
  tx.commit();
}

}  // namespace

TEST_CASE("SR 47: a chain rebuilt without the key fails; signed checkpoints pin the head") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(1'790'000'000'000);
    Keys keys = Keys::from_bytes({4, 2});
    auto dir =
        std::filesystem::temp_directory_path() /
        ("jalon-ckpt-" + std::to_string(::getpid()) + "-" + std::string(store::engine_name(e)));
    std::filesystem::remove_all(dir);
    std::string file = (dir / "checkpoints").string();
    AuditLog log(s.db(), clock, keys, file);
    auto write = [&](int n) {
      for (int i = 0; i < n; ++i) {
        auto tx = s.db().write();
        log.record(tx, {"u1", "counselor", "s1", "login.failure", "user", "u1", "security",
                        "failure", "", "factor=password"});
        tx.commit();
      }
    };
    write(4);
    CHECK(log.checkpoint());
    write(2);
    auto ok = AuditLog::verify(s.db(), keys, file);
    CHECK(ok.ok);
    CHECK(ok.records == 6);
    CHECK(ok.checkpoints == 1);
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::group_all) ==
          std::filesystem::perms::none);
    // Another key (another server's, or a guess) does not verify this chain.
    CHECK_FALSE(AuditLog::verify(s.db(), Keys::from_bytes({4, 3}), file).ok);
    // A checkpoint line edited by hand is refused.
    {
      std::ifstream in(file);
      std::string line;
      std::getline(in, line);
      std::ofstream out(file + ".forged");
      out << line.replace(line.find(" 4 "), 3, " 5 ") << "\n";
    }
    CHECK(AuditLog::verify(s.db(), keys, file + ".forged").problem.find("not signed") !=
          std::string::npos);

    rebuild_with_sha256(s.db(), e, 2);
    auto rebuilt = AuditLog::verify(s.db(), keys, file);
    CHECK_FALSE(rebuilt.ok);
    CHECK(rebuilt.first_broken_seq == 2);
    // Declaring every record "pre-HMAC" does not help: the checkpoint pins the boundary.
    {
      auto tx = s.db().write();
      tx.exec("UPDATE audit_head SET legacy_until = 6 WHERE id = 1");
      tx.commit();
    }
    auto downgraded = AuditLog::verify(s.db(), keys, file);
    CHECK_FALSE(downgraded.ok);
    CHECK(downgraded.problem.find("checkpoint") != std::string::npos);
    std::filesystem::remove_all(dir);
  }
}
