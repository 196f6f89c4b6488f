#include "access/links.h"

#include "access/keys.h"
#include "store/row_reader.h"

namespace jalon::access::links {

std::string issue(store::Tx& tx, Random& rng, const Table& t, const std::string& structure_id,
                  const std::string& object_id, const std::string& recipient, Millis now,
                  Millis lifetime) {
  revoke(tx, t, object_id, now);
  std::string token = new_token(rng);
  tx.exec(
      "INSERT INTO " + std::string(t.name) + " (id, structure_id, " + std::string(t.object_column) +
          ", token_hash, recipient, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng), structure_id, object_id, sha256_hex(token), recipient, now + lifetime, now});
  return token;
}

std::optional<Link> find(store::Tx& tx, const Table& t, const std::string& token) {
  if (token.size() < 20 || token.size() > 100) return std::nullopt;
  auto r = tx.query_one("SELECT id, structure_id, " + std::string(t.object_column) +
                            ", recipient, expires_at, used_at IS NOT NULL, revoked_at IS NOT NULL"
                            " FROM " +
                            std::string(t.name) + " WHERE token_hash = ?",
                        {sha256_hex(token)});
  if (!r) return std::nullopt;
  store::RowReader c(*r);
  Link l{c.text(), c.text(), c.text(), c.text()};
  l.expires_at = c.i64();
  l.used = c.i64() != 0;
  l.revoked = c.i64() != 0;
  return l;
}

State state(const Link& l, Millis now) {
  if (l.used) return State::kUsed;
  if (l.revoked) return State::kRevoked;
  if (l.expires_at <= now) return State::kExpired;
  return State::kOpen;
}

void use(store::Tx& tx, const Table& t, const std::string& link_id, Millis now) {
  tx.exec("UPDATE " + std::string(t.name) + " SET used_at = ? WHERE id = ?", {now, link_id});
}

void revoke(store::Tx& tx, const Table& t, const std::string& object_id, Millis now) {
  tx.exec("UPDATE " + std::string(t.name) + " SET revoked_at = ? WHERE " +
              std::string(t.object_column) + " = ? AND used_at IS NULL AND revoked_at IS NULL",
          {now, object_id});
}

AuditEntry use_audit(std::string_view actor_role, const std::string& structure_id,
                     std::string_view action, std::string_view object_type,
                     const std::string& object_id, std::string_view category,
                     std::string_view outcome) {
  AuditEntry e;
  e.actor_role = actor_role;
  e.structure_id = structure_id;
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.category = category;
  e.outcome = outcome;
  return e;
}

}  // namespace jalon::access::links
