#include "access/single_use_link.h"

#include "access/keys.h"
#include "store/row_reader.h"

namespace jalon::access {

std::string SingleUseLinks::hash(std::string_view token) {
  return sha256_hex(token);
}

LinkSecret new_link_secret(Random& rng) {
  std::string token = new_token(rng, 32);
  std::string hash = SingleUseLinks::hash(token);
  return {std::move(token), std::move(hash)};
}

std::optional<std::string> link_lookup_hash(std::string_view token) {
  if (!SingleUseLinks::plausible(token)) return std::nullopt;
  return SingleUseLinks::hash(token);
}

LinkState link_state(bool used, bool revoked, Millis expires_at, Millis now) {
  return LinkRecord{.expires_at = expires_at, .used = used, .revoked = revoked}.state(now);
}

bool SingleUseLinks::plausible(std::string_view token) {
  if (token.size() < 20 || token.size() > 100) return false;
  for (char c : token) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string SingleUseLinks::issue(store::Tx& tx, Random& rng, const std::string& structure_id,
                                  const std::string& object_id, const std::string& recipient,
                                  Millis now, Millis lifetime) const {
  revoke(tx, object_id, now);
  std::string token = new_token(rng);
  tx.exec("INSERT INTO " + std::string(t_.table) + " (id, structure_id, " +
              std::string(t_.object_column) +
              ", token_hash, recipient, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {new_id(rng), structure_id, object_id, hash(token), recipient, now + lifetime, now});
  return token;
}

std::optional<LinkRecord> SingleUseLinks::find(store::Tx& tx, std::string_view token) const {
  if (!plausible(token)) return std::nullopt;
  auto r = tx.query_one("SELECT id, structure_id, " + std::string(t_.object_column) +
                            ", recipient, expires_at, created_at, used_at IS NOT NULL, revoked_at "
                            "IS NOT NULL FROM " +
                            std::string(t_.table) + " WHERE token_hash = ?",
                        {hash(token)});
  if (!r) return std::nullopt;
  store::RowReader c(*r);
  LinkRecord l;
  l.id = c.text();
  l.structure_id = c.text();
  l.object_id = c.text();
  l.recipient = c.text();
  l.expires_at = c.i64();
  l.created_at = c.i64();
  l.used = c.i64() != 0;
  l.revoked = c.i64() != 0;
  return l;
}

bool SingleUseLinks::consume(store::Tx& tx, const LinkRecord& link, Millis now) const {
  return tx.exec("UPDATE " + std::string(t_.table) +
                     " SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL "
                     "AND expires_at > ?",
                 {now, link.id, now}) == 1;
}

int64_t SingleUseLinks::revoke(store::Tx& tx, const std::string& object_id, Millis now) const {
  return tx.exec("UPDATE " + std::string(t_.table) + " SET revoked_at = ? WHERE " +
                     std::string(t_.object_column) +
                     " = ? AND used_at IS NULL AND revoked_at IS NULL",
                 {now, object_id});
}

AuditEntry link_audit_entry(std::string_view actor_role, const std::string& structure_id,
                            std::string action, std::string object_type,
                            const std::string& object_id, std::string category,
                            std::string outcome) {
  AuditEntry e;
  e.actor_role = std::string(actor_role);
  e.structure_id = structure_id;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = object_id;
  e.category = std::move(category);
  e.outcome = std::move(outcome);
  return e;
}

}  // namespace jalon::access
