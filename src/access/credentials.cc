// AccessService, passwords: change (throttled like a login), reset links, invitations.
#include "access/policy.h"
#include "access/service.h"
#include "access/service_internal.h"
#include "access/throttle.h"
#include "core/text.h"
#include "core/validation.h"
#include "outbox/outbox.h"

namespace jalon::access {
namespace {

using detail::entry;

// Refused because of the throttle, not because of the input (the route answers 429).
Error too_many_attempts() {
  return {ErrorKind::kForbidden,
          "Trop de tentatives récentes : par sécurité, patientez quelques minutes avant de "
          "réessayer.",
          "current"};
}

}  // namespace

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
      // The new password's own mistakes come with it: the form shows them all at once.
      std::vector<Error> out;
      validation::Mistakes errs{out};
      errs.add(Error::invalid("Le mot de passe actuel est incorrect.", "current"));
      errs.add(policy_.check(next, context_words(s.user_id)));
      return errs.status();
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
