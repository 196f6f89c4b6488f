#include "access/throttle.h"

#include <algorithm>

namespace jalon::access::throttle {
namespace {

struct Counter {
  int64_t failures = 0;
  Millis window_start = 0, next_attempt_at = 0, locked_until = 0;
};

Counter read(store::Tx& tx, const std::string& key, bool for_update) {
  std::string sql =
      "SELECT failures, window_start, next_attempt_at, locked_until FROM login_throttle WHERE "
      "key = ?";
  if (for_update && tx.engine() == store::Engine::kPostgres) sql += " FOR UPDATE";
  auto row = tx.query_one(sql, {key});
  if (!row) return {};
  return {row->i64(0), row->i64(1), row->i64(2), row->i64(3)};
}

void write(store::Tx& tx, const std::string& key, const Counter& c) {
  tx.exec(
      "UPDATE login_throttle SET failures = ?, window_start = ?, next_attempt_at = ?, "
      "locked_until = ? WHERE key = ?",
      {c.failures, c.window_start, c.next_attempt_at, c.locked_until, key});
}

}  // namespace

bool blocked(store::Tx& tx, const std::string& key, Millis now) {
  Counter c = read(tx, key, false);
  return now < c.next_attempt_at || now < c.locked_until;
}

bool take(store::Tx& tx, const std::string& key, Millis now) {
  // The row must exist before it can be locked: parallel first attempts then queue on it
  // instead of racing to insert it.
  tx.exec(
      "INSERT INTO login_throttle (key, failures, window_start, next_attempt_at, locked_until) "
      "VALUES (?, 0, ?, 0, 0) ON CONFLICT (key) DO NOTHING",
      {key, now});
  Counter c = read(tx, key, true);
  return now < c.next_attempt_at || now < c.locked_until;
}

bool count(store::Tx& tx, const std::string& key, const ThrottleRule& rule, Millis now) {
  Counter c = read(tx, key, true);
  bool locked = false;
  if (rule.window > 0) {
    if (now - c.window_start >= rule.window || c.window_start == 0) {
      c.failures = 0;
      c.window_start = now;
    }
    ++c.failures;
    if (c.failures >= rule.window_max) {
      c.locked_until = std::max(c.locked_until, c.window_start + rule.window);
      locked = true;
    }
  } else {
    ++c.failures;
    if (rule.lock_after > 0 && c.failures >= rule.lock_after) {
      c.locked_until = std::max(c.locked_until, now + rule.lock_for);
      c.failures = 0;  // after the lock the count starts again
      locked = true;
    } else if (rule.delay_after > 0 && c.failures >= rule.delay_after) {
      int shift = static_cast<int>(std::min<int64_t>(c.failures - rule.delay_after, 20));
      Millis delay = std::min<Millis>(1000LL << shift, rule.max_delay);
      c.next_attempt_at = std::max(c.next_attempt_at, now + delay);
    }
  }
  write(tx, key, c);
  return locked;
}

void clear(store::Tx& tx, const std::string& key, Millis now) {
  Counter c = read(tx, key, true);
  if (now < c.locked_until) return;  // a lock in force is never lifted by a success
  tx.exec("DELETE FROM login_throttle WHERE key = ?", {key});
}

void lock(store::Tx& tx, const std::string& key, Millis until) {
  tx.exec(
      "INSERT INTO login_throttle (key, failures, window_start, next_attempt_at, locked_until) "
      "VALUES (?, 0, 0, 0, ?) ON CONFLICT (key) DO UPDATE SET locked_until = CASE WHEN "
      "login_throttle.locked_until > excluded.locked_until THEN login_throttle.locked_until ELSE "
      "excluded.locked_until END",
      {key, until});
}

}  // namespace jalon::access::throttle
