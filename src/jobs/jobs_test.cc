#include "jobs/jobs.h"

#include <doctest/doctest.h>

#include <atomic>

#include "jobs/runner.h"
#include "outbox/outbox.h"
#include "support/test_stores.h"

using namespace jalon;
using jalon::testing::TestStore;

namespace {

constexpr Millis kT0 = 1'795'510'800'000;  // Tuesday 2026-11-24 09:00 UTC

int64_t scalar(store::Database& db, const std::string& sql, const store::Params& p = {}) {
  auto tx = db.read();
  auto r = tx.query_one(sql, p);
  tx.commit();
  return r ? r->i64(0) : -1;
}

std::string text(store::Database& db, const std::string& sql, const store::Params& p = {}) {
  auto tx = db.read();
  auto r = tx.query_one(sql, p);
  tx.commit();
  return r ? r->opt_text(0).value_or("NULL") : "";
}

std::string add(store::Database& db, Random& rng, const Clock& clock, jobs::JobSpec spec) {
  auto tx = db.write();
  std::string id = jobs::schedule(tx, rng, clock, spec);
  tx.commit();
  return id;
}

void structure(store::Database& db, const std::string& id, const std::string& zone) {
  auto tx = db.write();
  tx.exec(
      "INSERT INTO structures (id, name, kind, time_zone, created_at) VALUES (?, ?, 'aci', ?, 0)",
      {id, id, zone});
  tx.commit();
}

}  // namespace

TEST_CASE("jobs: the same key schedules once; a due job runs once and records its result") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(kT0);
    SystemRandom rng;
    std::string a = add(s.db(), rng, clock, {.kind = "k", .payload = "1", .key = "rappel:x"});
    std::string b = add(s.db(), rng, clock, {.kind = "k", .payload = "2", .key = "rappel:x"});
    CHECK(a == b);
    add(s.db(), rng, clock, {.kind = "k", .payload = "later", .run_at = kT0 + 60'000});
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM jobs") == 2);

    jobs::Runner runner(s.db(), clock, rng, {.owner = "r1"});
    std::vector<std::string> seen;
    runner.add("k", [&](const jobs::Context& c) {
      seen.push_back(c.job.payload);
      return "ok " + c.job.payload;
    });
    CHECK(runner.run_due() == 1);
    CHECK(seen == std::vector<std::string>{"1"});
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {a}) == "done");
    CHECK(text(s.db(), "SELECT result FROM jobs WHERE id = ?", {a}) == "ok 1");
    CHECK(runner.run_due() == 0);  // done stays done; the later one is not due
    clock.advance(60'000);
    CHECK(runner.run_due() == 1);
    CHECK(seen.size() == 2);
  }
}

TEST_CASE(
    "jobs: a throwing job is retried with exponential back-off, then failed, then retried "
    "by hand") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(kT0);
    SystemRandom rng;
    std::string id = add(s.db(), rng, clock, {.kind = "boom", .max_attempts = 3});
    jobs::Runner runner(s.db(), clock, rng,
                        {.owner = "r1", .backoff_base_ms = 1000, .backoff_cap_ms = 60'000});
    int calls = 0;
    bool healthy = false;
    runner.add("boom", [&](const jobs::Context&) -> std::string {
      ++calls;
      if (!healthy) throw std::runtime_error("SMTP indisponible");
      return "fine";
    });
    CHECK(runner.run_due() == 1);
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {id}) == "pending");
    CHECK(text(s.db(), "SELECT last_error FROM jobs WHERE id = ?", {id}) == "SMTP indisponible");
    CHECK(scalar(s.db(), "SELECT run_at FROM jobs WHERE id = ?", {id}) == kT0 + 1000);
    clock.advance(999);
    CHECK(runner.run_due() == 0);  // back-off not over
    clock.advance(1);
    CHECK(runner.run_due() == 1);
    CHECK(scalar(s.db(), "SELECT run_at FROM jobs WHERE id = ?", {id}) == kT0 + 1000 + 2000);
    clock.advance(2000);
    CHECK(runner.run_due() == 1);
    CHECK(calls == 3);
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {id}) == "failed");
    clock.advance(3'600'000);
    CHECK(runner.run_due() == 0);  // failed jobs stay failed
    {
      auto tx = s.db().read();
      auto failed = jobs::list(tx, "failed", "");
      tx.commit();
      REQUIRE(failed.size() == 1);
      CHECK(failed[0].last_error == "SMTP indisponible");
    }
    healthy = true;
    {
      auto tx = s.db().write();
      CHECK(jobs::retry(tx, clock, id));
      CHECK_FALSE(jobs::retry(tx, clock, "nope"));
      tx.commit();
    }
    CHECK(runner.run_due() == 1);
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {id}) == "done");
    CHECK(jobs::backoff(1, 30'000, 3'600'000) == 30'000);
    CHECK(jobs::backoff(4, 30'000, 3'600'000) == 240'000);
    CHECK(jobs::backoff(20, 30'000, 3'600'000) == 3'600'000);
  }
}

TEST_CASE(
    "jobs: a claimed job is not claimed again until its lease expires; then another "
    "runner takes it over and the first one's late result is ignored") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(kT0);
    SystemRandom rng;
    std::string id = add(s.db(), rng, clock, {.kind = "k"});
    jobs::Runner r1(s.db(), clock, rng, {.owner = "r1", .lease_ms = 10'000});
    jobs::Runner r2(s.db(), clock, rng, {.owner = "r2", .lease_ms = 10'000});
    int runs = 0;
    for (auto* r : {&r1, &r2})
      r->add("k", [&](const jobs::Context&) {
        ++runs;
        return "ran";
      });
    auto claimed = r1.claim(5);
    REQUIRE(claimed.size() == 1);
    CHECK(r2.claim(5).empty());
    clock.advance(10'001);  // r1 died: its lease expires
    auto taken = r2.claim(5);
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].attempts == 2);
    r2.run(taken[0]);
    r1.run(claimed[0]);  // r1 comes back late: its result is not recorded
    CHECK(text(s.db(), "SELECT lease_owner FROM jobs WHERE id = ?", {id}) == "r2");
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {id}) == "done");
    CHECK(r1.completed() == 0);
    CHECK(r2.completed() == 1);
    // A released job goes back to pending without counting the attempt.
    std::string other = add(s.db(), rng, clock, {.kind = "k"});
    auto c = r1.claim(5);
    REQUIRE(c.size() == 1);
    r1.release(c[0]);
    CHECK(text(s.db(), "SELECT status FROM jobs WHERE id = ?", {other}) == "pending");
    CHECK(scalar(s.db(), "SELECT attempts FROM jobs WHERE id = ?", {other}) == 0);
  }
}

TEST_CASE("jobs: the runner thread runs jobs as they come and never stops on a failure") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    SystemClock clock;
    SystemRandom rng;
    jobs::Runner runner(s.db(), clock, rng, {.owner = "r1", .poll_ms = 10});
    std::atomic<int> ok{0};
    runner.add("ok", [&](const jobs::Context&) {
      ++ok;
      return "";
    });
    runner.add("bad", [](const jobs::Context&) -> std::string { throw std::logic_error("x"); });
    runner.start();
    add(s.db(), rng, clock, {.kind = "bad", .max_attempts = 1});
    for (int i = 0; i < 20; ++i) add(s.db(), rng, clock, {.kind = "ok"});
    for (int i = 0; i < 500 && ok < 20; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    runner.stop();
    CHECK(ok == 20);
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM jobs WHERE status = 'failed'") == 1);
  }
}

TEST_CASE("jobs: recurring jobs are scheduled once per structure in its time zone") {
  jobs::Recurring nightly{.kind = "nightly", .every_minutes = 1440, .at_minute = 2 * 60};
  // 2026-11-24 09:00 UTC: next 02:00 Paris is 2026-11-25 01:00 UTC; in Martinique (UTC−4) it is
  // 2026-11-25 06:00 UTC.
  CHECK(jobs::next_occurrence(nightly, kT0, "Europe/Paris") == kT0 + 16 * 3'600'000);
  CHECK(jobs::next_occurrence(nightly, kT0, "America/Martinique") == kT0 + 21 * 3'600'000);
  jobs::Recurring hourly{.kind = "hourly", .every_minutes = 60, .at_minute = 5};
  CHECK(jobs::next_occurrence(hourly, kT0, "Europe/Paris") == kT0 + 5 * 60'000);
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(kT0);
    SystemRandom rng;
    structure(s.db(), "s1", "Europe/Paris");
    structure(s.db(), "s2", "America/Martinique");
    jobs::Runner runner(s.db(), clock, rng, {.owner = "r1"});
    std::vector<std::string> ran;
    runner.add_recurring(nightly, [&](const jobs::Context& c) {
      ran.push_back(c.job.payload);
      return "";
    });
    runner.ensure_recurring();
    runner.ensure_recurring();
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM jobs WHERE kind = 'nightly'") == 2);
    CHECK(scalar(s.db(), "SELECT run_at FROM jobs WHERE structure_id = 's2'") ==
          kT0 + 21 * 3'600'000);
    clock.advance(16 * 3'600'000);
    CHECK(runner.run_due() == 1);
    CHECK(ran == std::vector<std::string>{"s1"});
    // The next night is scheduled for s1; s2's first night is still to come.
    CHECK(scalar(s.db(),
                 "SELECT COUNT(*) FROM jobs WHERE kind = 'nightly' AND status = 'pending'") == 2);
  }
}

TEST_CASE(
    "outbox: a queued message has one sending job; its wire form carries From, Date, "
    "Message-ID and an encoded UTF-8 subject") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    FakeClock clock(kT0);
    SystemRandom rng;
    auto tx = s.db().write();
    std::string id = outbox::enqueue(tx, rng, clock, {"", "a@example.org", "Rappel", "Texte"});
    tx.commit();
    CHECK(text(s.db(), "SELECT kind FROM jobs WHERE idem_key = ?", {"outbox:" + id}) ==
          "outbox.send");
    CHECK(text(s.db(), "SELECT payload FROM jobs WHERE idem_key = ?", {"outbox:" + id}) == id);
  }
  std::string m =
      outbox::build_message({.from = "jalon@aci.example"}, "abc", "x@example.org",
                            "Votre rendez-vous de demain à 9 h — préparez-vous", "Bonjour", kT0);
  CHECK(m.find("From: jalon@aci.example\r\n") != std::string::npos);
  CHECK(m.find("Date: Tue, 24 Nov 2026 09:00:00 +0000\r\n") != std::string::npos);
  CHECK(m.find("Message-ID: <abc@aci.example>\r\n") != std::string::npos);
  CHECK(m.find("Subject: =?UTF-8?B?") != std::string::npos);
  CHECK(m.find("préparez") == std::string::npos);  // never raw in the header
}
