#include "access/service.h"

#include <algorithm>

#include "access/policy.h"
#include "access/service_internal.h"
#include "access/throttle.h"
#include "access/totp.h"
#include "core/log.h"
#include "core/text.h"
#include "outbox/outbox.h"

namespace jalon::access {
namespace {

using detail::entry;

constexpr const char* kSessionColumns =
    "s.token_hash, s.public_id, s.user_id, COALESCE(u.structure_id, ''), COALESCE(u.team_id, ''), "
    "u.role, u.email, u.display_name, s.csrf_token, s.mfa_verified, u.totp_enabled, "
    "u.must_change_password, s.created_at, s.last_seen_at";

Session session_from(const store::Row& r) {
  Session s;
  s.token_hash = r.text(0);
  s.public_id = r.text(1);
  s.user_id = r.text(2);
  s.structure_id = r.text(3);
  s.team_id = r.text(4);
  s.role = parse_role(r.text(5)).value_or(Role::kFunder);
  s.email = r.text(6);
  s.display_name = r.text(7);
  s.csrf_token = r.text(8);
  s.mfa_verified = r.i64(9) != 0;
  s.totp_enabled = r.i64(10) != 0;
  s.must_change_password = r.i64(11) != 0;
  s.created_at = r.i64(12);
  s.last_seen_at = r.i64(13);
  return s;
}

std::string one_time_password(Random& rng) {
  // 20 characters from an unambiguous alphabet: about 100 bits.
  static const char* alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  unsigned char b[20];
  rng.fill(b, sizeof b);
  for (unsigned char c : b) out += alphabet[c % 31];
  return out.substr(0, 5) + "-" + out.substr(5, 5) + "-" + out.substr(10, 5) + "-" + out.substr(15);
}

std::string recovery_code(Random& rng) {
  static const char* alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  unsigned char b[16];
  rng.fill(b, sizeof b);
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 8 || i == 12) out += '-';
    out += alphabet[b[i] % 31];
  }
  return out;  // about 79 bits
}

// Refused because of the throttle, not because of the input (the route answers 429).
Error too_many_attempts() {
  return {ErrorKind::kForbidden,
          "Trop de tentatives récentes : par sécurité, patientez quelques minutes avant de "
          "réessayer.",
          "current"};
}

std::string normalize_code(std::string code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

namespace detail {
AuditEntry entry(const Actor& a, std::string action, std::string type, std::string id,
                 std::string outcome, std::string details) {
  return {a.user_id,     a.role,     a.structure_id,     std::move(action), std::move(type),
          std::move(id), "identity", std::move(outcome), a.session_ref,     std::move(details)};
}
}  // namespace detail

const std::vector<StructureKind>& structure_kinds() {
  static const std::vector<StructureKind> kinds = {
      {"aci", "Atelier et chantier d'insertion (ACI)"},
      {"ei", "Entreprise d'insertion (EI)"},
      {"ai", "Association intermédiaire (AI)"},
      {"etti", "Entreprise de travail temporaire d'insertion (ETTI)"},
      {"eiti", "Entreprise d'insertion par le travail indépendant (EITI)"},
      {"mission_locale", "Mission locale"},
      {"plie", "PLIE"},
      {"association", "Association"},
      {"ccas", "CCAS / CIAS"},
      {"departement", "Service d'un département"},
      {"organisme_formation", "Organisme de formation"},
      {"autre", "Autre"},
  };
  return kinds;
}

AuditEntry audit_entry(const Session& s, std::string action, std::string object_type,
                       std::string object_id, std::string category, std::string details) {
  return {s.user_id,
          std::string(role_code(s.role)),
          s.structure_id,
          std::move(action),
          std::move(object_type),
          std::move(object_id),
          std::move(category),
          "success",
          s.public_id,
          std::move(details)};
}

std::string normalize_email(const std::string& email) {
  std::string e = text::trim(email);
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size() || e.size() > 254 ||
      e.find('@', at + 1) != std::string::npos || e.find('.', at) == std::string::npos ||
      e.find_first_of(" \t\r\n<>\"") != std::string::npos) {
    return {};
  }
  return e;
}

AccessService::AccessService(store::Database& db, const Clock& clock, Random& rng, const Keys& keys,
                             AuditLog& audit, const PasswordPolicy& policy)
    : db_(db), clock_(clock), rng_(rng), keys_(keys), audit_(audit), policy_(policy) {}

// --- bootstrap ------------------------------------------------------------------------------

Result<AccessService::CreatedAdmin> AccessService::create_admin(const std::string& email,
                                                                const std::string& structure_name,
                                                                const std::string& structure_kind) {
  std::string e = normalize_email(email);
  if (e.empty()) return Error::invalid("Adresse e-mail invalide", "email");
  CreatedAdmin out;
  out.one_time_password = one_time_password(rng_);
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  if (tx.query_one("SELECT 1 FROM users WHERE email = ?", {e})) {
    return Error::conflict("Un compte existe déjà avec cette adresse : " + e);
  }
  Role role = Role::kPlatformAdmin;
  if (!structure_name.empty()) {
    bool kind_ok = std::any_of(structure_kinds().begin(), structure_kinds().end(),
                               [&](const auto& k) { return k.code == structure_kind; });
    if (!kind_ok) return Error::invalid("Type de structure inconnu : " + structure_kind, "kind");
    out.structure_id = new_id(rng_);
    tx.exec("INSERT INTO structures (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
            {out.structure_id, text::trim(structure_name), structure_kind, now});
    role = Role::kStructureAdmin;
  }
  out.user_id = new_id(rng_);
  tx.exec(
      "INSERT INTO users (id, structure_id, email, display_name, role, password_hash, "
      "must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
      {out.user_id, out.structure_id.empty() ? store::Value() : store::Value(out.structure_id), e,
       e.substr(0, e.find('@')), role_code(role), hash_password(out.one_time_password), now});
  audit_.record(tx, {"", "system", out.structure_id, "create", "user", out.user_id, "identity",
                     "success", "", "via=cli role=" + std::string(role_code(role))});
  tx.commit();
  return out;
}

// --- login and sessions --------------------------------------------------------------------

std::string AccessService::new_session(store::Tx& tx, const std::string& user_id, bool mfa_verified,
                                       const std::string& user_agent, Millis created_at) {
  std::string token = new_token(rng_, 32);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO sessions (token_hash, public_id, user_id, csrf_token, mfa_verified, "
      "created_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {sha256_hex(token), new_id(rng_), user_id, new_token(rng_, 32), mfa_verified ? 1 : 0,
       created_at, now, user_agent.substr(0, 160)});
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
  const std::pair<std::string, ThrottleRule> counters[] = {
      {"ip:" + keys_.keyed_hash(client_ip), kAddressRule},
      {"acct:" + keys_.keyed_hash(subject), kAccountRule},
      {"ipacct:" + keys_.keyed_hash(client_ip + "\n" + subject), kAddressAccountRule},
  };
  const std::string& account_key = counters[1].first;
  {
    // Early refusal, before the cost of argon2; decided again below in the write transaction.
    Millis now = clock_.now_ms();
    auto tx = db_.read();
    bool limited = std::any_of(std::begin(counters), std::end(counters),
                               [&](const auto& c) { return throttle::blocked(tx, c.first, now); });
    tx.commit();
    if (limited) {
      audit_.record_async({"", "", "", "login.throttled", "", "", "security", "denied", "", ""});
      result.status = LoginStatus::kThrottled;
      return result;
    }
  }
  std::optional<store::Row> user;
  if (!e.empty()) {
    auto tx = db_.read();
    user = tx.query_one(
        "SELECT id, password_hash, disabled_at, role, COALESCE(structure_id, '') FROM users "
        "WHERE email = ?",
        {e});
    tx.commit();
  }
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

// --- MFA -------------------------------------------------------------------------------------

std::string AccessService::begin_totp_enrolment(const Session& s) {
  std::string secret = new_totp_secret(rng_);
  auto tx = db_.write();
  // Re-enrolling an enabled factor is not allowed from a session that has not verified it.
  if (s.totp_enabled && !s.mfa_verified) return {};
  tx.exec("UPDATE users SET totp_secret = ?, totp_enabled = 0, totp_last_step = 0 WHERE id = ?",
          {store::Value::blob(keys_.seal(secret, "totp:" + s.user_id)), s.user_id});
  audit_.record(tx, entry(Actor::of(s), "mfa.enrolment_started", "user", s.user_id));
  tx.commit();
  return otpauth_uri(secret, s.email);
}

std::optional<std::string> AccessService::pending_totp_uri(const Session& s) {
  auto tx = db_.read();
  auto row =
      tx.query_one("SELECT totp_secret FROM users WHERE id = ? AND totp_enabled = 0", {s.user_id});
  tx.commit();
  if (!row || row->is_null(0)) return std::nullopt;
  auto secret = keys_.open(row->text(0), "totp:" + s.user_id);
  if (!secret) return std::nullopt;
  return otpauth_uri(*secret, s.email);
}

std::optional<AccessService::Enrolled> AccessService::confirm_totp_enrolment(
    const Session& s, const std::string& code) {
  auto tx = db_.write();
  auto row = tx.query_one(
      "SELECT totp_secret, totp_last_step FROM users WHERE id = ? AND totp_enabled = 0",
      {s.user_id});
  if (!row || row->is_null(0)) return std::nullopt;
  auto secret = keys_.open(row->text(0), "totp:" + s.user_id);
  if (!secret) return std::nullopt;
  auto step = totp_match(*secret, text::trim(code), clock_.now_ms(), row->i64(1));
  if (!step) {
    audit_.record(tx, entry(Actor::of(s), "mfa.enrolment_failed", "user", s.user_id, "failure"));
    tx.commit();
    return std::nullopt;
  }
  Enrolled out;
  tx.exec("UPDATE users SET totp_enabled = 1, totp_last_step = ? WHERE id = ?", {*step, s.user_id});
  tx.exec("DELETE FROM recovery_codes WHERE user_id = ?", {s.user_id});
  for (int i = 0; i < 10; ++i) {
    std::string code_i = recovery_code(rng_);
    tx.exec("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)",
            {s.user_id, keys_.keyed_hash(normalize_code(code_i))});
    out.recovery_codes.push_back(code_i);
  }
  // SR 27: a new session id once the second factor is verified.
  tx.exec("DELETE FROM sessions WHERE token_hash = ?", {s.token_hash});
  out.token = new_session(tx, s.user_id, true, "", s.created_at);
  audit_.record(tx, entry(Actor::of(s), "mfa.enrolled", "user", s.user_id));
  tx.commit();
  return out;
}

AccessService::SecondFactorResult AccessService::verify_second_factor(const Session& s,
                                                                      const std::string& code) {
  SecondFactorResult result;
  Millis now = clock_.now_ms();
  std::string mfa_key = "mfa:" + keys_.keyed_hash(s.user_id);
  std::string account_key = "acct:" + keys_.keyed_hash(s.email);
  auto tx = db_.write();
  auto row = tx.query_one(
      "SELECT totp_secret, totp_last_step, email, COALESCE(structure_id, '') FROM users WHERE "
      "id = ? AND totp_enabled = 1",
      {s.user_id});
  if (!row) return result;
  // Count and check in this transaction: parallel guesses are decided one after the other.
  if (throttle::take(tx, mfa_key, now) || throttle::take(tx, account_key, now)) {
    tx.exec("DELETE FROM sessions WHERE token_hash = ?", {s.token_hash});
    audit_.record(
        tx, entry(Actor::of(s), "login.throttled", "user", s.user_id, "denied", "factor=totp"));
    tx.commit();
    result.status = SecondFactorStatus::kLocked;
    return result;
  }
  std::string c = text::trim(code);
  std::string factor;
  if (auto secret = keys_.open(row->text(0), "totp:" + s.user_id)) {
    if (auto step = totp_match(*secret, c, now, row->i64(1))) {
      tx.exec("UPDATE users SET totp_last_step = ? WHERE id = ?", {*step, s.user_id});
      factor = "totp";
    }
  }
  if (factor.empty() && c.size() >= 16) {
    int64_t n = tx.exec(
        "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at "
        "IS NULL",
        {now, s.user_id, keys_.keyed_hash(normalize_code(c))});
    if (n == 1) {
      factor = "recovery_code";
      outbox::enqueue(tx, rng_, clock_,
                      {row->text(3), row->text(2), "Jalon : un code de secours a été utilisé",
                       "Bonjour,\n\nUn code de secours vient d'être utilisé pour vous connecter à "
                       "Jalon. Si ce n'est pas vous, prévenez sans attendre l'administrateur de "
                       "votre structure et changez votre mot de passe.\n"});
    }
  }
  if (factor.empty()) {
    audit_.record(
        tx, entry(Actor::of(s), "login.failure", "user", s.user_id, "failure", "factor=totp"));
    if (throttle::count(tx, mfa_key, kSecondFactorRule, now)) {
      // Whoever guesses holds the password: lock the account as for passwords, end every
      // session still waiting for its second factor, and tell the user (e-mail now, notice at
      // the next login).
      throttle::lock(tx, account_key, now + kSecondFactorRule.lock_for);
      tx.exec("DELETE FROM sessions WHERE user_id = ? AND mfa_verified = 0", {s.user_id});
      tx.exec("UPDATE users SET mfa_locked_at = ? WHERE id = ?", {now, s.user_id});
      outbox::enqueue(
          tx, rng_, clock_,
          {row->text(3), row->text(2), "Jalon : connexion bloquée après des codes erronés",
           "Bonjour,\n\nAprès " + std::to_string(kSecondFactorRule.lock_after) +
               " codes de vérification erronés, la connexion à votre compte Jalon est bloquée "
               "pendant 15 minutes. Votre mot de passe a bien été saisi : si ce n'est pas vous, "
               "changez-le dès que possible et prévenez l'administrateur de votre structure.\n"});
      audit_.record(tx, entry(Actor::of(s), "mfa.locked", "user", s.user_id, "denied",
                              "failures=" + std::to_string(kSecondFactorRule.lock_after)));
      result.status = SecondFactorStatus::kLocked;
    }
    tx.commit();
    return result;
  }
  throttle::clear(tx, mfa_key, now);
  tx.exec("UPDATE users SET mfa_locked_at = NULL WHERE id = ?", {s.user_id});  // notice shown
  tx.exec("DELETE FROM sessions WHERE token_hash = ?", {s.token_hash});
  result.token = new_session(tx, s.user_id, true, "", s.created_at);
  audit_.record(tx, entry(Actor::of(s), "login.second_factor", "user", s.user_id, "success",
                          "factor=" + factor));
  tx.commit();
  result.status = SecondFactorStatus::kOk;
  return result;
}

std::optional<Millis> AccessService::second_factor_lock_notice(const Session& s) {
  auto tx = db_.read();
  auto row = tx.query_one("SELECT mfa_locked_at FROM users WHERE id = ?", {s.user_id});
  tx.commit();
  if (!row || row->is_null(0)) return std::nullopt;
  return row->i64(0);
}

// --- passwords -------------------------------------------------------------------------------

std::vector<std::string> AccessService::context_words(const std::string& user_id) {
  auto tx = db_.read();
  std::vector<std::string> words;
  auto row = tx.query_one(
      "SELECT u.email, u.display_name, COALESCE(s.name, '') FROM users u LEFT JOIN structures s "
      "ON s.id = u.structure_id WHERE u.id = ?",
      {user_id});
  tx.commit();
  if (row) {
    words.push_back(row->text(0).substr(0, row->text(0).find('@')));
    words.push_back(row->text(1));
    words.push_back(row->text(2));
  }
  return words;
}

Status AccessService::change_password(const Session& s, const std::string& current,
                                      const std::string& next) {
  // The current password is a password guess like a login's (SR 23): whoever holds a session
  // must not be able to try passwords faster. Same account counter as the login form.
  std::string account_key = "acct:" + keys_.keyed_hash(s.email);
  {
    auto tx = db_.read();
    bool limited = throttle::blocked(tx, account_key, clock_.now_ms());
    tx.commit();
    if (limited) return too_many_attempts();
  }
  std::string hash;
  {
    auto tx = db_.read();
    auto row = tx.query_one("SELECT password_hash FROM users WHERE id = ?", {s.user_id});
    tx.commit();
    if (row) hash = row->text(0);
  }
  bool right = !hash.empty() && verify_password(hash, current);
  Millis now = clock_.now_ms();
  {
    auto tx = db_.write();
    if (throttle::take(tx, account_key, now)) {
      audit_.record(tx,
                    entry(Actor::of(s), "password.change_throttled", "user", s.user_id, "denied"));
      tx.commit();
      return too_many_attempts();
    }
    if (!right) {
      throttle::count(tx, account_key, kAccountRule, now);
      audit_.record(tx, entry(Actor::of(s), "login.failure", "user", s.user_id, "failure",
                              "factor=current_password"));
      tx.commit();
      return Error::invalid("Le mot de passe actuel est incorrect.", "current");
    }
    throttle::clear(tx, account_key, now);
    tx.commit();
  }
  if (next == current) {
    return Error::invalid("Choisissez un mot de passe différent de l'actuel.", "password");
  }
  if (auto st = policy_.check(next, context_words(s.user_id)); !st.ok()) return st;
  auto tx = db_.write();
  tx.exec("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?",
          {hash_password(next), s.user_id});
  // Other sessions end; this one continues.
  tx.exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", {s.user_id, s.token_hash});
  audit_.record(tx, entry(Actor::of(s), "password.change", "user", s.user_id));
  tx.commit();
  return ok_status();
}

std::string AccessService::issue_token(store::Tx& tx, const std::string& user_id,
                                       const std::string& purpose, Millis lifetime) {
  std::string token = new_token(rng_, 32);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at, created_at) VALUES "
      "(?, ?, ?, ?, ?)",
      {sha256_hex(token), user_id, purpose, now + lifetime, now});
  return token;
}

bool AccessService::request_password_reset(const std::string& email, const std::string& base_url,
                                           const std::string& client_ip) {
  std::string e = normalize_email(email);
  if (e.empty()) return true;
  Millis now = clock_.now_ms();
  // Counted whether or not an account exists, so the answer reveals nothing (no enumeration).
  std::string address_key = "resetip:" + keys_.keyed_hash(client_ip);
  std::string email_key = "reset:" + keys_.keyed_hash(e);
  auto tx = db_.write();
  if (throttle::take(tx, address_key, now) || throttle::take(tx, email_key, now)) {
    audit_.record(tx,
                  {"", "", "", "password.reset_throttled", "", "", "security", "denied", "", ""});
    tx.commit();
    return false;
  }
  throttle::count(tx, address_key, kResetPerAddressRule, now);
  throttle::count(tx, email_key, kResetPerEmailRule, now);
  auto user = tx.query_one(
      "SELECT id, COALESCE(structure_id, '') FROM users WHERE email = ? AND disabled_at IS NULL "
      "AND password_hash IS NOT NULL",
      {e});
  if (!user) {
    tx.commit();
    return true;
  }
  std::string token = issue_token(tx, user->text(0), "reset", kResetLinkLifetime);
  outbox::enqueue(tx, rng_, clock_,
                  {user->text(1), e, "Jalon : réinitialisation de votre mot de passe",
                   "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 "
                   "minutes :\n\n" +
                       base_url + "/mot-de-passe/nouveau?jeton=" + token +
                       "\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe "
                       "reste inchangé.\n"});
  audit_.record(tx, {user->text(0), "", user->text(1), "password.reset_requested", "user",
                     user->text(0), "security", "success", "", ""});
  tx.commit();
  return true;
}

bool AccessService::token_valid(const std::string& token, const std::string& purpose) {
  auto tx = db_.read();
  auto row = tx.query_one(
      "SELECT 1 FROM password_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND "
      "expires_at > ?",
      {sha256_hex(token), purpose, clock_.now_ms()});
  tx.commit();
  return row.has_value();
}

Status AccessService::reset_password(const std::string& token, const std::string& next,
                                     bool end_other_sessions) {
  Millis now = clock_.now_ms();
  std::string user_id;
  {
    auto tx = db_.read();
    auto row = tx.query_one(
        "SELECT user_id FROM password_tokens WHERE token_hash = ? AND purpose IN ('reset', "
        "'invite') AND used_at IS NULL AND expires_at > ?",
        {sha256_hex(token), now});
    tx.commit();
    if (!row) {
      return Error::invalid("Ce lien n'est plus valable. Demandez-en un nouveau.", "token");
    }
    user_id = row->text(0);
  }
  if (auto st = policy_.check(next, context_words(user_id)); !st.ok()) return st;
  auto tx = db_.write();
  int64_t claimed =
      tx.exec("UPDATE password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
              {now, sha256_hex(token)});
  if (claimed != 1) {
    return Error::invalid("Ce lien n'est plus valable. Demandez-en un nouveau.", "token");
  }
  // The lock (SR 23) and the second factor (SR 25) stay as they are.
  tx.exec("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?",
          {hash_password(next), user_id});
  if (end_other_sessions) tx.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
  audit_.record(tx, {user_id, "", "", "password.reset", "user", user_id, "security", "success", "",
                     end_other_sessions ? "sessions_ended=1" : "sessions_ended=0"});
  tx.commit();
  return ok_status();
}

Status AccessService::accept_invitation(const std::string& token, const std::string& next) {
  return reset_password(token, next, true);
}

}  // namespace jalon::access
