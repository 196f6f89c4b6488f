// Single-use, expiring links sent by e-mail to someone without an account (a partner answering a
// referral, a participant evaluating a workshop, a former participant answering a follow-up
// questionnaire). The token is 32 random bytes (base64url), shown once in the message; the store
// keeps only its SHA-256, so a leaked database grants no link and tokens cannot be enumerated.
//
// Each domain keeps its links in a table of its own with these columns (its own migration):
//   id TEXT PRIMARY KEY, structure_id TEXT NOT NULL, <object column> TEXT NOT NULL,
//   token_hash TEXT NOT NULL UNIQUE, recipient TEXT NOT NULL, expires_at BIGINT NOT NULL,
//   used_at BIGINT, revoked_at BIGINT, created_at BIGINT NOT NULL
// (and an index on the object column). `referral_links` (migration 0090) is one.
//
// Usage, inside the caller's write transaction:
//   access::SingleUseLinks links({"referral_links", "referral_id"});
//   std::string token = links.issue(tx, rng, structure_id, referral_id, email, now, lifetime);
//   auto link = links.find(tx, token);            // nullopt: unknown (say nothing more)
//   if (link && link->state(now) == access::LinkState::kOpen && links.consume(tx, *link, now)) …
//   links.revoke(tx, referral_id, now);           // when the object closes
// The caller audits every use (access::link_audit_entry) and decides what an object's own state
// adds (a closed referral makes its links revoked even before revoke() runs).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "access/audit.h"
#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::access {

enum class LinkState { kUnknown, kOpen, kExpired, kUsed, kRevoked };

// The same links for a domain that keeps their state in its own columns (workshop questionnaire
// links): a new token and the hash to store, the hash to look a token up by (nullopt when the
// string cannot be a token: answer "unknown" without a query), and the state of a row.
struct LinkSecret {
  std::string token;  // in the URL, never stored
  std::string hash;   // stored (token_hash)
};
LinkSecret new_link_secret(Random& rng);
std::optional<std::string> link_lookup_hash(std::string_view token);
LinkState link_state(bool used, bool revoked, Millis expires_at, Millis now);

struct LinkRecord {
  std::string id, structure_id, object_id, recipient;
  Millis expires_at = 0, created_at = 0;
  bool used = false, revoked = false;
  // Used wins over revoked, revoked over expired.
  LinkState state(Millis now) const {
    if (used) return LinkState::kUsed;
    if (revoked) return LinkState::kRevoked;
    return expires_at <= now ? LinkState::kExpired : LinkState::kOpen;
  }
};

struct LinkTable {
  std::string_view table;          // e.g. "referral_links"
  std::string_view object_column;  // e.g. "referral_id"
};

class SingleUseLinks {
 public:
  explicit SingleUseLinks(LinkTable t) : t_(t) {}

  // Revokes the object's open links (one open link per object) and stores a new one; returns
  // the token, which the caller puts in the message and never stores or logs.
  std::string issue(store::Tx& tx, Random& rng, const std::string& structure_id,
                    const std::string& object_id, const std::string& recipient, Millis now,
                    Millis lifetime) const;
  // The link of a token, whatever its state; nullopt for a token never issued (or malformed).
  std::optional<LinkRecord> find(store::Tx& tx, std::string_view token) const;
  // Marks an open link used; false when it was no longer open (used, revoked or expired
  // meanwhile), so two concurrent answers cannot both succeed.
  bool consume(store::Tx& tx, const LinkRecord& link, Millis now) const;
  // Revokes every open link of the object; returns how many.
  int64_t revoke(store::Tx& tx, const std::string& object_id, Millis now) const;

  static std::string hash(std::string_view token);
  // The shape of a token issue() makes (rejects garbage before any query).
  static bool plausible(std::string_view token);

 private:
  LinkTable t_;
};

// An audit record of a link's use by an anonymous visitor: actor role `actor_role` (e.g.
// "partner_link"), the object as object, never the token.
AuditEntry link_audit_entry(std::string_view actor_role, const std::string& structure_id,
                            std::string action, std::string object_type,
                            const std::string& object_id, std::string category,
                            std::string outcome);

}  // namespace jalon::access
