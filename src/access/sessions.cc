// AccessService, login and sessions: throttled login, server-side sessions and their timeouts,
// the user's own sessions.
#include <algorithm>
#include <array>

#include "access/policy.h"
#include "access/service.h"
#include "access/service_internal.h"
#include "access/throttle.h"
#include "store/row_reader.h"

namespace jalon::access {
namespace {

using detail::entry;

constexpr const char* kSessionColumns =
    "s.token_hash, s.public_id, s.user_id, COALESCE(u.structure_id, ''), COALESCE(u.team_id, ''), "
    "u.role, u.email, u.display_name, s.csrf_token, s.mfa_verified, u.totp_enabled, "
    "u.must_change_password, s.created_at, s.last_seen_at";

// A braced list reads its cells left to right, in the order of kSessionColumns and of Session.
Session session_from(const store::Row& row) {
  store::RowReader r(row);
  return Session{
      r.text(), r.text(), r.text(), r.text(),    r.text(),    detail::stored_role(r.text()),
      r.text(), r.text(), r.text(), r.boolean(), r.boolean(), r.boolean(),
      r.i64(),  r.i64()};
}

// A login's throttle counters, always taken in the same order.
using LoginCounters = std::array<std::pair<std::string, ThrottleRule>, 3>;

bool any_blocked(store::Database& db, const LoginCounters& counters, Millis now) {
  auto tx = db.read();
  bool limited = std::any_of(counters.begin(), counters.end(),
                             [&](const auto& c) { return throttle::blocked(tx, c.first, now); });
  tx.commit();
  return limited;
}

// id, password_hash, disabled_at, role, structure_id of the account with this e-mail.
std::optional<store::Row> login_user(store::Database& db, const std::string& email) {
  if (email.empty()) return std::nullopt;
  auto tx = db.read();
  auto user = tx.query_one(
      "SELECT id, password_hash, disabled_at, role, COALESCE(structure_id, '') FROM users "
      "WHERE email = ?",
      {email});
  tx.commit();
  return user;
}

}  // namespace

std::string AccessService::new_session(store::Tx& tx, const std::string& user_id, bool mfa_verified,
                                       const std::string& user_agent, Millis created_at) {
  std::string token = new_token(rng_, 32);
  tx.exec(
      "INSERT INTO sessions (token_hash, public_id, user_id, csrf_token, mfa_verified, "
      "created_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {sha256_hex(token), new_id(rng_), user_id, new_token(rng_, 32), mfa_verified ? 1 : 0,
       created_at, clock_.now_ms(), user_agent.substr(0, 160)});
  // SR 31: at most kMaxSessionsPerUser sessions; the oldest are ended.
  auto rows = tx.query(
      "SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY created_at DESC, last_seen_at "
      "DESC",
      {user_id});
  for (size_t i = kMaxSessionsPerUser; i < rows.size(); ++i) {
    tx.exec("DELETE FROM sessions WHERE token_hash = ?", {rows[i].text(0)});
  }
  return token;
}

AccessService::LoginResult AccessService::login(const std::string& email,
                                                const std::string& password,
                                                const std::string& client_ip,
                                                const std::string& user_agent) {
  LoginResult result;
  std::string e = normalize_email(email);
  std::string subject = e.empty() ? email : e;
  // Always taken in this order (address, account, pair), so parallel logins cannot deadlock.
  const LoginCounters counters = {{
      {"ip:" + keys_.keyed_hash(client_ip), kAddressRule},
      {"acct:" + keys_.keyed_hash(subject), kAccountRule},
      {"ipacct:" + keys_.keyed_hash(client_ip + "\n" + subject), kAddressAccountRule},
  }};
  const std::string& account_key = counters[1].first;
  // Early refusal, before the cost of argon2; decided again below in the write transaction.
  if (any_blocked(db_, counters, clock_.now_ms())) {
    audit_.record_async({"", "", "", "login.throttled", "", "", "security", "denied", "", ""});
    result.status = LoginStatus::kThrottled;
    return result;
  }
  std::optional<store::Row> user = login_user(db_, e);
  // Verify even for unknown accounts so timing does not reveal which e-mails exist.
  static const std::string dummy = hash_password("jalon-dummy-password-for-timing");
  bool has_password = user && !user->is_null(1);
  bool ok = verify_password(has_password ? user->text(1) : dummy, password) && has_password &&
            user->is_null(2);
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  // SR 23: check and count in one write transaction. Parallel attempts that all passed the
  // early check are decided here one after the other: none is counted past a lock, none
  // erases one, and a right password arriving after the lock is refused.
  bool limited = false;
  for (const auto& c : counters) limited = throttle::take(tx, c.first, now) || limited;
  std::string user_id = user ? user->text(0) : "";
  if (limited) {
    audit_.record(tx, {user_id, user ? user->text(3) : "", user ? user->text(4) : "",
                       "login.throttled", "user", user_id, "security", "denied", "", ""});
    tx.commit();
    result.status = LoginStatus::kThrottled;
    return result;
  }
  if (!ok) {
    for (const auto& c : counters) throttle::count(tx, c.first, c.second, now);
    audit_.record(
        tx, {user_id, user ? user->text(3) : "", user ? user->text(4) : "", "login.failure", "user",
             user_id, "security", "failure", "", "factor=password"});
    tx.commit();
    return result;
  }
  throttle::clear(tx, account_key, now);
  throttle::clear(tx, counters[2].first, now);
  if (password_needs_rehash(user->text(1))) {
    tx.exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash_password(password), user_id});
  }
  tx.exec("UPDATE users SET last_login_at = ? WHERE id = ?", {now, user_id});
  result.token = new_session(tx, user_id, false, user_agent, now);
  auto row = tx.query_one(std::string("SELECT ") + kSessionColumns +
                              " FROM sessions s JOIN users u ON u.id = s.user_id WHERE "
                              "s.token_hash = ?",
                          {sha256_hex(result.token)});
  result.session = session_from(*row);
  audit_.record(tx, entry(Actor::of(result.session), "login.success", "user", user_id, "success",
                          "factor=password"));
  tx.commit();
  result.status = LoginStatus::kOk;
  return result;
}

std::optional<Session> AccessService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  std::string h = sha256_hex(token);
  Millis now = clock_.now_ms();
  std::optional<store::Row> row;
  {
    auto tx = db_.read();
    row = tx.query_one(std::string("SELECT ") + kSessionColumns +
                           ", u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id "
                           "WHERE s.token_hash = ?",
                       {h});
    tx.commit();
  }
  if (!row) return std::nullopt;
  Session s = session_from(*row);
  bool expired = now - s.last_seen_at > kIdleTimeout || now - s.created_at > kAbsoluteTimeout ||
                 !row->is_null(14);
  if (expired) {
    auto tx = db_.write();
    tx.exec("DELETE FROM sessions WHERE token_hash = ?", {h});
    tx.commit();
    return std::nullopt;
  }
  if (now - s.last_seen_at > kTouchEvery) {
    auto tx = db_.write();
    tx.exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {now, h});
    tx.commit();
    s.last_seen_at = now;
  }
  return s;
}

void AccessService::logout(const Session& s) {
  auto tx = db_.write();
  tx.exec("DELETE FROM sessions WHERE token_hash = ?", {s.token_hash});
  audit_.record(tx, entry(Actor::of(s), "logout", "session", s.public_id));
  tx.commit();
}

bool AccessService::end_session(const Session& s, const std::string& public_id) {
  auto tx = db_.write();
  int64_t n =
      tx.exec("DELETE FROM sessions WHERE public_id = ? AND user_id = ?", {public_id, s.user_id});
  if (n == 0) return false;
  audit_.record(tx, entry(Actor::of(s), "session.end", "session", public_id));
  tx.commit();
  return true;
}

std::vector<SessionView> AccessService::sessions_of(const Session& s) {
  auto tx = db_.read();
  std::vector<SessionView> out;
  for (const auto& r : tx.query("SELECT public_id, user_agent, created_at, last_seen_at FROM "
                                "sessions WHERE user_id = ? ORDER BY created_at DESC",
                                {s.user_id})) {
    out.push_back({r.text(0), r.text(1), r.i64(2), r.i64(3), r.text(0) == s.public_id});
  }
  tx.commit();
  return out;
}

}  // namespace jalon::access
