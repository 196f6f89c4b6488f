#include "access/session_clock.h"

#include <algorithm>

#include "access/keys.h"
#include "access/roles.h"
#include "access/service.h"
#include "access/service_internal.h"
#include "store/row_reader.h"

namespace jalon::access {

Millis SessionClock::remaining(Millis created_at, Millis last_seen_at) const {
  Millis now = clock_.now_ms();
  Millis left =
      std::min(kIdleTimeout - (now - last_seen_at), kAbsoluteTimeout - (now - created_at));
  return std::max<Millis>(left, 0);
}

SessionClock::State SessionClock::peek(const std::string& token) const {
  State out;
  if (token.empty() || token.size() > 100) return out;
  auto tx = db_.read();
  auto row = tx.query_one(
      "SELECT s.csrf_token, s.mfa_verified, u.role, u.must_change_password, s.created_at, "
      "s.last_seen_at, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?",
      {sha256_hex(token)});
  tx.commit();
  if (!row || !row->is_null(6)) return out;
  store::RowReader r(*row);
  std::string csrf = r.text();
  bool mfa_verified = r.boolean();
  Role role = detail::stored_role(r.text());
  bool must_change = r.boolean();
  Millis created_at = r.i64();
  Millis last_seen_at = r.i64();
  out.remaining = remaining(created_at, last_seen_at);
  out.signed_in = out.remaining > 0 && (mfa_verified || !requires_mfa(role)) && !must_change;
  if (out.signed_in) out.csrf = std::move(csrf);
  return out;
}

}  // namespace jalon::access
