// Single-use links sent to people without an account (a partner answering a referral, a
// workshop participant answering a questionnaire): a random token shown once, in the link; the
// store keeps its SHA-256 only, so a leaked database grants no link. The state of a link comes
// from its row: used, revoked, expired, else open. Pages built on it show nothing but the one
// thing the link is for, and say no more about an unknown token than "this link does not work".
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/random.h"

namespace jalon::access {

struct LinkSecret {
  std::string token;  // in the URL, never stored
  std::string hash;   // stored (token_hash)
};
LinkSecret new_link_secret(Random& rng);

// The hash to look the token up by, or nullopt when the string cannot be a token (its length
// out of range): the caller then answers "unknown" without a query.
std::optional<std::string> link_lookup_hash(std::string_view token);

enum class LinkState { kUnknown, kOpen, kUsed, kExpired, kRevoked };
LinkState link_state(bool used, bool revoked, Millis expires_at, Millis now);

}  // namespace jalon::access
