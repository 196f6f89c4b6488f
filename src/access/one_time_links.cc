#include "access/one_time_links.h"

#include "access/keys.h"

namespace jalon::access {

LinkSecret new_link_secret(Random& rng) {
  std::string token = new_token(rng, 32);
  std::string hash = sha256_hex(token);
  return {std::move(token), std::move(hash)};
}

std::optional<std::string> link_lookup_hash(std::string_view token) {
  if (token.size() < 20 || token.size() > 100) return std::nullopt;
  return sha256_hex(token);
}

LinkState link_state(bool used, bool revoked, Millis expires_at, Millis now) {
  if (used) return LinkState::kUsed;
  if (revoked) return LinkState::kRevoked;
  if (expires_at <= now) return LinkState::kExpired;
  return LinkState::kOpen;
}

}  // namespace jalon::access
