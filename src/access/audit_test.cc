#include "access/audit.h"

#include <doctest/doctest.h>

#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::access;
using jalon::testing::TestStore;

TEST_CASE("SR 47: the audit log is append-only and its hash chain detects tampering") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(1'790'000'000'000);
    AuditLog log(s.db(), clock);
    for (int i = 0; i < 5; ++i) {
      auto tx = s.db().write();
      log.record(tx, {"u1", "counselor", "s1", "read", "beneficiary", "b" + std::to_string(i),
                      "identity", "success", "sess", "line\nbreak"});
      tx.commit();
    }
    log.record_async({"u1", "counselor", "s1", "login.success", "user", "u1"});
    log.flush();
    auto ok = AuditLog::verify(s.db());
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
    CHECK(AuditLog::verify(s.db()).records == 6);
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
    auto broken = AuditLog::verify(s.db());
    CHECK_FALSE(broken.ok);
    CHECK(broken.first_broken_seq == 3);
    CHECK(broken.records == 2);
  }
}
