// AccessService, second factor: TOTP enrolment, verification at login with its lock, and
// recovery codes.
#include "access/policy.h"
#include "access/service.h"
#include "access/service_internal.h"
#include "access/throttle.h"
#include "access/totp.h"
#include "core/text.h"
#include "outbox/outbox.h"

namespace jalon::access {
namespace {

using detail::entry;

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

std::string normalize_code(std::string code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

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

}  // namespace jalon::access
