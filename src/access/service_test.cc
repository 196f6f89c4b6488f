#include "access/service.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "access/policy.h"
#include "http/router.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::access;
using jalon::testing::TestStore;

namespace {
struct Fixture {
  TestStore store;
  FakeClock clock{1'790'000'000'000};
  SystemRandom rng;
  Keys keys = Keys::from_bytes({1, 2, 3});
  AuditLog audit{store.db(), clock};
  PasswordPolicy policy{assets::AssetSource()};
  AccessService service{store.db(), clock, rng, keys, audit, policy};
  explicit Fixture(store::Engine e) : store(e) {}
};
}  // namespace

TEST_CASE("SR 22: an outdated hash is replaced at the next successful login") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto admin = f.service.create_admin("old@test.example", "ACI Test", "aci");
    REQUIRE(admin.ok());
    {
      auto tx = f.store.db().write();
      tx.exec("UPDATE users SET password_hash = ? WHERE id = ?",
              {hash_password_with("ancienne phrase de passe", 1, 8 * 1024 * 1024), admin->user_id});
      tx.commit();
    }
    auto r = f.service.login("old@test.example", "ancienne phrase de passe", "127.0.0.1", "");
    REQUIRE(r.status == AccessService::LoginStatus::kOk);
    auto tx = f.store.db().read();
    auto h = tx.query_one("SELECT password_hash FROM users WHERE id = ?", {admin->user_id});
    CHECK(h->text(0).rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  }
}

TEST_CASE("SR 28: idle and absolute timeouts with a fake clock") {
  Fixture f(store::Engine::kSqlite);
  auto admin = f.service.create_admin("t@test.example", "", "");
  REQUIRE(admin.ok());
  auto r = f.service.login("t@test.example", admin->one_time_password, "127.0.0.1", "");
  REQUIRE(r.status == AccessService::LoginStatus::kOk);
  f.clock.advance(29 * 60 * 1000);
  CHECK(f.service.authenticate(r.token));
  f.clock.advance(31 * 60 * 1000);
  CHECK_FALSE(f.service.authenticate(r.token));
  auto r2 = f.service.login("t@test.example", admin->one_time_password, "127.0.0.1", "");
  for (int i = 0; i < 28; ++i) {
    f.clock.advance(25 * 60 * 1000);
    CHECK(f.service.authenticate(r2.token));
  }
  f.clock.advance(21 * 60 * 1000);
  CHECK_FALSE(f.service.authenticate(r2.token));
}

TEST_CASE("SR 33: the caseload scope keeps each role within its structure, team and caseload") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto tx = f.store.db().write();
    tx.exec_script(
        "INSERT INTO structures (id, name, kind, created_at) VALUES ('sA', 'A', 'aci', 0), "
        "('sB', 'B', 'aci', 0);"
        "INSERT INTO teams (id, structure_id, name, created_at) VALUES ('t1', 'sA', 'Nord', 0);"
        "INSERT INTO users (id, structure_id, team_id, email, display_name, role, created_at) "
        "VALUES ('c1', 'sA', 't1', 'c1@x.fr', 'c1', 'counselor', 0), "
        "('c2', 'sA', NULL, 'c2@x.fr', 'c2', 'counselor', 0), "
        "('k1', 'sA', 't1', 'k1@x.fr', 'k1', 'coordinator', 0), "
        "('k2', 'sA', NULL, 'k2@x.fr', 'k2', 'coordinator', 0), "
        "('cB', 'sB', NULL, 'cb@x.fr', 'cb', 'counselor', 0);"
        "INSERT INTO caseload_members VALUES ('b1', 'c1', 'referent', 0), "
        "('b2', 'c2', 'referent', 0), ('b3', 'cB', 'referent', 0), ('b3', 'c1', 'co_referent', "
        "0);");
    for (auto [id, st] : {std::pair{"b1", "sA"}, {"b2", "sA"}, {"b3", "sB"}}) {
      tx.exec(
          "INSERT INTO beneficiaries (id, structure_id, civility, first_name, last_name, "
          "birth_date, birth_year, prescriber_kind, entry_date, scheme, status, "
          "notice_version, notice_given_on, name_key, search_key, created_at, created_by, "
          "updated_at) VALUES (?, ?, 'mme', 'A', 'B', '1990-01-01', 1990, 'caf', "
          "'2026-01-01', 'iae', 'en_cours', 'v1', '2026-01-01', 'b a', 'b a', 0, 'x', 0)",
          {id, st});
    }
    tx.commit();
    auto visible = [&](const std::string& user, Role role, const std::string& team,
                       const std::string& structure) {
      Session s;
      s.user_id = user;
      s.role = role;
      s.team_id = team;
      s.structure_id = structure;
      store::Params p;
      std::string cond = Scope::of(s).beneficiaries("b", p);
      auto rtx = f.store.db().read();
      std::string ids;
      for (const auto& r :
           rtx.query("SELECT b.id FROM beneficiaries b WHERE " + cond + " ORDER BY b.id", p)) {
        ids += r.text(0) + " ";
      }
      return ids;
    };
    CHECK(visible("c1", Role::kCounselor, "t1", "sA") == "b1 ");  // b3 is in another structure
    CHECK(visible("c2", Role::kCounselor, "", "sA") == "b2 ");
    CHECK(visible("k1", Role::kCoordinator, "t1", "sA") == "b1 ");
    CHECK(visible("k2", Role::kCoordinator, "", "sA") == "b1 b2 ");
    CHECK(visible("a", Role::kStructureAdmin, "", "sA") == "");  // accounts, not case content
    CHECK(visible("p", Role::kPartner, "", "sA") == "");
    CHECK(visible("f", Role::kFunder, "", "sA") == "");
    CHECK(visible("cB", Role::kCounselor, "", "sB") == "b3 ");
  }
}

namespace {

// Tries a password for `email` from `threads` client addresses at once; returns how many
// attempts were counted as wrong (kBadCredentials) and how many were refused (kThrottled).
std::pair<int, int> parallel_logins(AccessService& service, const std::string& email,
                                    const std::string& password, int threads, int batch) {
  std::atomic<int> bad{0}, throttled{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      auto r = service.login(email, password,
                             "10." + std::to_string(batch) + ".0." + std::to_string(i), "");
      if (r.status == AccessService::LoginStatus::kBadCredentials) ++bad;
      if (r.status == AccessService::LoginStatus::kThrottled) ++throttled;
    });
  }
  for (auto& t : pool) t.join();
  return {bad.load(), throttled.load()};
}

Millis locked_until(TestStore& store) {
  auto tx = store.db().read();
  auto row = tx.query_one("SELECT MAX(locked_until) FROM login_throttle WHERE key LIKE 'acct:%'");
  tx.commit();
  return row && !row->is_null(0) ? row->i64(0) : 0;
}

}  // namespace

TEST_CASE("SR 23: parallel wrong passwords are counted one by one and cannot erase the lock") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto admin = f.service.create_admin("lock@test.example", "ACI Verrou", "aci");
    REQUIRE(admin.ok());
    // The clock stands still: each delay holds for the whole batch. The first 5 failures are
    // counted, then the account waits 1 s: the other attempts of the batch are refused, unseen.
    auto [bad, throttled] =
        parallel_logins(f.service, "lock@test.example", "mauvais mot de passe", 12, 0);
    CHECK(bad == 5);
    CHECK(throttled == 7);
    CHECK(f.service.login("lock@test.example", admin->one_time_password, "10.9.9.9", "").status ==
          AccessService::LoginStatus::kThrottled);
    // Each later batch, once its delay is over, gets exactly one more guess, up to the lock.
    for (int batch = 1; batch <= 5; ++batch) {
      f.clock.advance(20'000);
      auto [b, t] =
          parallel_logins(f.service, "lock@test.example", "mauvais mot de passe", 6, batch);
      CHECK(b == 1);
      CHECK(t == 5);
    }
    Millis lock = locked_until(f.store);
    CHECK(lock == f.clock.now_ms() + 15 * 60 * 1000);
    // More parallel guesses during the lock: all refused, and the lock is neither lowered nor
    // erased; the right password is refused too.
    f.clock.advance(60'000);
    auto [b2, t2] = parallel_logins(f.service, "lock@test.example", "mauvais mot de passe", 8, 9);
    CHECK(b2 == 0);
    CHECK(t2 == 8);
    CHECK(locked_until(f.store) == lock);
    CHECK(f.service.login("lock@test.example", admin->one_time_password, "10.9.9.9", "").status ==
          AccessService::LoginStatus::kThrottled);
    f.clock.advance(15 * 60 * 1000);
    CHECK(f.service.login("lock@test.example", admin->one_time_password, "10.9.9.9", "").status ==
          AccessService::LoginStatus::kOk);
  }
}

TEST_CASE("SR 23: the X-Forwarded-For of an untrusted peer is ignored") {
  std::string error;
  auto none = http::TrustedProxies::parse("", error);
  REQUIRE(none);
  CHECK(http::client_address("203.0.113.7", "198.51.100.1", *none) == "203.0.113.7");
  auto proxies = http::TrustedProxies::parse("127.0.0.1, 10.0.0.0/8, ::1", error);
  REQUIRE(proxies);
  CHECK(proxies->contains("10.20.30.40"));
  CHECK(proxies->contains("::ffff:10.1.2.3"));
  CHECK_FALSE(proxies->contains("11.0.0.1"));
  // From a trusted proxy: the rightmost address that is not a trusted proxy. A client's forged
  // entries on the left are never reached.
  CHECK(http::client_address("127.0.0.1", "1.2.3.4, 198.51.100.9", *proxies) == "198.51.100.9");
  CHECK(http::client_address("127.0.0.1", "198.51.100.9, 10.0.0.5", *proxies) == "198.51.100.9");
  CHECK(http::client_address("203.0.113.7", "198.51.100.9", *proxies) == "203.0.113.7");
  CHECK(http::client_address("127.0.0.1", "garbage", *proxies) == "127.0.0.1");
  CHECK_FALSE(http::TrustedProxies::parse("10.0.0.0/33", error));
  CHECK(error.find("10.0.0.0/33") != std::string::npos);
  CHECK_FALSE(http::TrustedProxies::parse("proxy.example", error));
}
