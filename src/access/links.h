// Single-use links for people without an account (a partner answering a referral, a person
// answering a follow-up questionnaire): the token is 32 random bytes shown once (in the e-mail),
// the store keeps its SHA-256 only, so a leaked database grants no link; a link expires, is used
// once, and issuing a new one for the same object revokes the previous. Each domain keeps its
// links in its own table of this shape (id, structure_id, <object column>, token_hash, recipient,
// expires_at, used_at, revoked_at, created_at); the table and column names are constants of the
// domain, never input. Uses are audited by the domain with an anonymous actor, never the token.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "access/audit.h"
#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::access::links {

struct Table {
  std::string_view name, object_column;
};

struct Link {
  std::string id, structure_id, object_id, recipient;
  Millis expires_at = 0;
  bool used = false, revoked = false;
};

enum class State { kUnknown, kOpen, kUsed, kExpired, kRevoked };

// A new link for the object (its open links revoked); returns the token, to send once.
std::string issue(store::Tx& tx, Random& rng, const Table& t, const std::string& structure_id,
                  const std::string& object_id, const std::string& recipient, Millis now,
                  Millis lifetime);
// The link of a token (a token of implausible length is not looked up).
std::optional<Link> find(store::Tx& tx, const Table& t, const std::string& token);
// Used, then revoked, then expired, else open.
State state(const Link& l, Millis now);
void use(store::Tx& tx, const Table& t, const std::string& link_id, Millis now);
// Revokes the object's links not used yet (the object closed, or a new link replaces them).
void revoke(store::Tx& tx, const Table& t, const std::string& object_id, Millis now);
// An audit entry of a link's use: actor role `actor_role`, no user, the object named.
AuditEntry use_audit(std::string_view actor_role, const std::string& structure_id,
                     std::string_view action, std::string_view object_type,
                     const std::string& object_id, std::string_view category,
                     std::string_view outcome);

}  // namespace jalon::access::links
