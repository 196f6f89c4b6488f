#include "store/faults.h"

#include <doctest/doctest.h>

#include "support/scalar.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::store;
using jalon::testing::TestStore;

namespace {

// A three-statement write: two settings and a read between them.
void three_steps(Database& db, const std::string& tag) {
  auto tx = db.write();
  tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {tag + "-a", "1"});
  tx.query("SELECT COUNT(*) FROM instance_settings");
  tx.exec("INSERT INTO instance_settings (key, value) VALUES (?, ?)", {tag + "-b", "2"});
  tx.commit();
}

int64_t settings_like(Database& db, const std::string& tag) {
  return jalon::testing::scalar_int(
      db, "SELECT COUNT(*) FROM instance_settings WHERE key LIKE '" + tag + "-%'");
}

}  // namespace

TEST_CASE(
    "the fault decorator fails the Nth statement of a write, commit included, and the "
    "write leaves nothing") {
  for (Engine e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    // TestStore owns the inner store: the decorator borrows it through a non-owning wrapper.
    struct Borrowed final : Database {
      Database& d;
      explicit Borrowed(Database& x) : d(x) {}
      Engine engine() const override { return d.engine(); }
      Tx read() override { return d.read(); }
      Tx write() override { return d.write(); }
      std::vector<std::string> describe() override { return d.describe(); }
      std::vector<std::string> check_integrity() override { return d.check_integrity(); }
      void backup_to(const std::string& p) override { d.backup_to(p); }
    };
    FaultyDatabase db(std::make_unique<Borrowed>(s.db()));
    // Statements 1..3 and the COMMIT (4th) each fail in turn, with each kind of fault.
    const std::pair<FaultKind, StoreError::Kind> kinds[] = {
        {FaultKind::kDiskFull, StoreError::Kind::kFull},
        {FaultKind::kBusy, StoreError::Kind::kBusy},
        {FaultKind::kIoError, StoreError::Kind::kUnavailable}};
    for (auto [fault, expected] : kinds) {
      for (int nth = 1; nth <= 4; ++nth) {
        CAPTURE(nth);
        std::string tag = "t" + std::to_string(nth) + "k" + std::to_string(int(fault));
        db.arm({.kind = fault, .nth = nth});
        try {
          three_steps(db, tag);
          FAIL("the write should have failed");
        } catch (const StoreError& err) {
          CHECK(err.kind() == expected);
        }
        CHECK(settings_like(s.db(), tag) == 0);
        // The fault fired once: the same write now succeeds, on the same connection.
        three_steps(db, tag);
        CHECK(settings_like(s.db(), tag) == 2);
      }
    }
    CHECK(db.injected() == 12);
    // Reads are never failed; statements on skipped tables are not counted.
    db.arm({.kind = FaultKind::kDiskFull, .nth = 1});
    CHECK(jalon::testing::scalar_int(db, "SELECT COUNT(*) FROM instance_settings") > 0);
    {
      auto tx = db.write();
      tx.query("SELECT COUNT(*) FROM sessions");
      tx.commit();
    }
    CHECK(db.counted() == 0);
    db.disarm();
    three_steps(db, "after");
    CHECK(db.injected() == 12);
    CHECK(db.check_integrity().empty());
  }
}

TEST_CASE("fault kinds have the names the test route takes") {
  CHECK(fault_kind_from("full") == FaultKind::kDiskFull);
  CHECK(fault_kind_from("busy") == FaultKind::kBusy);
  CHECK(fault_kind_from("io") == FaultKind::kIoError);
  CHECK_FALSE(fault_kind_from("disk").has_value());
}
