// Accounts and sessions: structures, teams, users, login with throttling, server-side sessions,
// TOTP enrolment and verification, recovery codes, password changes and resets, invitations.
// Every change writes its audit record in the same transaction; security events are audited.
// Times come from the injected clock, so tests move through timeouts and locks.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/keys.h"
#include "access/passwords.h"
#include "access/roles.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::access {

inline constexpr Millis kIdleTimeout = 30LL * 60 * 1000;        // SR 28
inline constexpr Millis kAbsoluteTimeout = 12LL * 3600 * 1000;  // SR 28
inline constexpr Millis kTouchEvery = 60LL * 1000;  // last_seen_at is written at most once a minute
inline constexpr int kMaxSessionsPerUser = 3;       // SR 31: the oldest is ended
inline constexpr Millis kResetLinkLifetime = 30LL * 60 * 1000;  // SR 25
inline constexpr Millis kInvitationLifetime = 7LL * 24 * 3600 * 1000;

struct Session {
  std::string token_hash;
  std::string public_id;  // shown on "my sessions", safe to put in a form
  std::string user_id;
  std::string structure_id;  // empty for the platform admin
  std::string team_id;
  Role role = Role::kCounselor;
  std::string email;
  std::string display_name;
  std::string csrf_token;
  bool mfa_verified = false;
  bool totp_enabled = false;
  bool must_change_password = false;
  Millis created_at = 0;
  Millis last_seen_at = 0;
  // MFA satisfied for this session (verified, or not required for the role).
  bool mfa_ok() const { return mfa_verified || !requires_mfa(role); }
};

struct UserView {
  std::string id, structure_id, team_id, team_name, email, display_name;
  Role role = Role::kCounselor;
  bool disabled = false;
  bool totp_enabled = false;
  bool invited = false;  // no password yet
  Millis last_login_at = 0;
};

struct StructureView {
  std::string id, name, kind, siret, commune_code, time_zone;
  bool health_module = false;
};

struct TeamView {
  std::string id, name;
  int64_t members = 0;
};

struct SessionView {
  std::string public_id, user_agent;
  Millis created_at = 0, last_seen_at = 0;
  bool current = false;
};

// Who performs an action, for audit records.
struct Actor {
  std::string user_id, role, structure_id, session_ref;
  static Actor of(const Session& s) {
    return {s.user_id, std::string(role_code(s.role)), s.structure_id, s.public_id};
  }
  static Actor system() { return {"", "system", "", ""}; }
};

// An audit record of a successful action by the session's user, for the domain services.
AuditEntry audit_entry(const Session& s, std::string action, std::string object_type,
                       std::string object_id, std::string category, std::string details = {});

// The structure kinds (tenant types) with their French labels.
struct StructureKind {
  std::string_view code, label;
};
const std::vector<StructureKind>& structure_kinds();

class AccessService {
 public:
  AccessService(store::Database& db, const Clock& clock, Random& rng, const Keys& keys,
                AuditLog& audit, const PasswordPolicy& policy);

  // --- bootstrap (CLI) -------------------------------------------------------------------
  struct CreatedAdmin {
    std::string user_id, structure_id, one_time_password;
  };
  // A platform admin, or (with structure_name) a structure and its first admin. The one-time
  // password must be changed at first login (SR 26).
  Result<CreatedAdmin> create_admin(const std::string& email, const std::string& structure_name,
                                    const std::string& structure_kind);

  // --- login and sessions ----------------------------------------------------------------
  enum class LoginStatus { kOk, kBadCredentials, kThrottled };
  struct LoginResult {
    LoginStatus status = LoginStatus::kBadCredentials;
    std::string token;  // the new session's cookie value
    Session session;
  };
  LoginResult login(const std::string& email, const std::string& password,
                    const std::string& client_ip, const std::string& user_agent);
  // The session for a cookie value, enforcing idle and absolute timeouts and disabled accounts.
  std::optional<Session> authenticate(const std::string& token);
  void logout(const Session& s);
  // Ends one of the user's own sessions by public id; false when it is not theirs.
  bool end_session(const Session& s, const std::string& public_id);
  std::vector<SessionView> sessions_of(const Session& s);

  // --- MFA -------------------------------------------------------------------------------
  // Starts (or restarts) enrolment: a new secret, sealed, not yet enabled.
  std::string begin_totp_enrolment(const Session& s);
  // Confirms enrolment with a code: enables TOTP, marks the session verified under a new token,
  // and returns the 10 recovery codes to show once. nullopt when the code is wrong.
  struct Enrolled {
    std::string token;
    std::vector<std::string> recovery_codes;
  };
  std::optional<Enrolled> confirm_totp_enrolment(const Session& s, const std::string& code);
  // Verifies a TOTP or recovery code at login. kOk carries the new session token. The fifth
  // wrong code in a row (kSecondFactorRule) locks the account for 15 minutes, ends the
  // sessions waiting for their second factor, e-mails the user and audits it (kLocked).
  enum class SecondFactorStatus { kOk, kWrong, kLocked };
  struct SecondFactorResult {
    SecondFactorStatus status = SecondFactorStatus::kWrong;
    std::string token;
  };
  SecondFactorResult verify_second_factor(const Session& s, const std::string& code);
  // When the second factor was last locked by wrong codes, until the next successful one: the
  // code page tells the user that someone who knows their password tried.
  std::optional<Millis> second_factor_lock_notice(const Session& s);
  // The pending secret's otpauth URI (enrolment page).
  std::optional<std::string> pending_totp_uri(const Session& s);

  // --- passwords -------------------------------------------------------------------------
  // A wrong current password counts as a failed login on the account (SR 23); while the
  // account is throttled the check is refused (ErrorKind::kForbidden,
  // which the route answers with 429).
  Status change_password(const Session& s, const std::string& current, const std::string& next);
  // The same answer whether the account exists or not (no enumeration); false when the
  // request is over the limits (kResetPerEmailRule, kResetPerAddressRule): no e-mail is sent.
  bool request_password_reset(const std::string& email, const std::string& base_url,
                              const std::string& client_ip);
  Status reset_password(const std::string& token, const std::string& next, bool end_other_sessions);
  Status accept_invitation(const std::string& token, const std::string& next);
  bool token_valid(const std::string& token, const std::string& purpose);

  // --- administration (scoped to the admin's structure) ---------------------------------
  std::optional<StructureView> structure(const std::string& id);
  Status update_structure(const Session& admin, const StructureView& changes);
  std::vector<UserView> users_of(const Session& admin);
  std::optional<UserView> user_in_structure(const Session& admin, const std::string& user_id);
  Result<std::string> invite_user(const Session& admin, const std::string& email,
                                  const std::string& display_name, Role role,
                                  const std::string& team_id, const std::string& base_url);
  Status change_role(const Session& admin, const std::string& user_id, Role role,
                     const std::string& team_id);
  Status set_disabled(const Session& admin, const std::string& user_id, bool disabled);
  std::vector<TeamView> teams_of(const Session& admin);
  Result<std::string> create_team(const Session& admin, const std::string& name);
  Status rename_team(const Session& admin, const std::string& team_id, const std::string& name);
  std::vector<StructureView> all_structures();
  Result<std::string> create_structure(const Session& platform_admin, const StructureView& s,
                                       const std::string& admin_email,
                                       const std::string& admin_name, const std::string& base_url);

  struct AuditRow {
    int64_t seq = 0;
    Millis at = 0;
    std::string actor_name, actor_role, action, object_type, object_id, outcome;
  };
  // Whether an object of this type belongs to the admin's structure (journal pages).
  bool object_in_structure(const Session& admin, const std::string& object_type,
                           const std::string& object_id);
  // Who did what on one record of the admin's structure (SR 50).
  std::vector<AuditRow> audit_for_object(const Session& admin, const std::string& object_type,
                                         const std::string& object_id);

  AuditLog& audit() { return audit_; }
  const PasswordPolicy& password_policy() const { return policy_; }

 private:
  std::string new_session(store::Tx& tx, const std::string& user_id, bool mfa_verified,
                          const std::string& user_agent, Millis created_at);
  std::vector<std::string> context_words(const std::string& user_id);
  std::string issue_token(store::Tx& tx, const std::string& user_id, const std::string& purpose,
                          Millis lifetime);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  const Keys& keys_;
  AuditLog& audit_;
  const PasswordPolicy& policy_;
};

// Lower-cased, trimmed e-mail; empty when it does not look like an address.
std::string normalize_email(const std::string& email);

}  // namespace jalon::access
