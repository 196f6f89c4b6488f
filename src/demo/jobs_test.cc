#include "demo/jobs.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "demo/demo.h"
#include "support/test_stores.h"

using namespace jalon;

TEST_CASE("demo: every counselor has upcoming appointment reminders and a to-do list") {
  for (auto e : testing::engines()) {
    CAPTURE(store::engine_name(e));
    testing::TestStore store(e);
    std::string dir = testing::make_temp_dir();
    SystemClock clock;
    SystemRandom rng;
    auto r = demo::generate(store.db(), clock, rng, dir, 24, 38500);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    auto tx = store.db().read();
    auto rows = tx.query(
        "SELECT u.email, (SELECT COUNT(*) FROM todo_items t WHERE t.user_id = u.id AND"
        " t.done_at IS NULL), (SELECT COUNT(*) FROM jobs j JOIN appointments a ON j.payload ="
        " a.id || ':' || CAST(a.starts_at AS TEXT) WHERE j.kind = 'reminder.appointment' AND"
        " j.status = 'pending' AND a.counselor_id = u.id) FROM users u WHERE u.role ="
        " 'counselor' AND u.disabled_at IS NULL");
    tx.commit();
    CHECK(rows.size() == 4);
    for (const auto& row : rows) {
      CAPTURE(row.text(0));
      CHECK(row.i64(1) >= 1);
      CHECK(row.i64(2) >= 1);
    }
    std::filesystem::remove_all(dir);
  }
}
