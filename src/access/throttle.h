// Counters that slow down and stop guessing (SR 23): passwords per account, per (address,
// account) and per address; second-factor codes per user; password-reset requests per address
// and e-mail. Each counter is a login_throttle row under a key that names its kind and a keyed
// hash of what it counts (never an address or e-mail in clear).
//
// A check and its increment run in the caller's write transaction: take() locks the row (FOR
// UPDATE on PostgreSQL; SQLite has one writer), so parallel attempts are counted one after the
// other and none can overwrite a lock another has set. A lock is never lowered.
#pragma once
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace jalon::access {

struct ThrottleRule {
  // Consecutive failures (cleared on success): growing delays from `delay_after` (1 s, 2 s,
  // 4 s … up to `max_delay`), a lock of `lock_for` at `lock_after` (0: never), then the count
  // starts again.
  int delay_after = 0;
  int lock_after = 0;
  Millis lock_for = 0;
  Millis max_delay = 16'000;
  // Or a fixed window (window > 0): at most `window_max` events per window, then locked until
  // the window ends.
  Millis window = 0;
  int window_max = 0;
};

// SR 23: per account, delays after 5 failures (1 to 16 s) and a 15-minute lock at 10.
inline constexpr ThrottleRule kAccountRule{
    .delay_after = 5, .lock_after = 10, .lock_for = 15LL * 60 * 1000};
// One address guessing one account is slowed down sooner than the account as a whole.
inline constexpr ThrottleRule kAddressAccountRule{.delay_after = 3};
// One address, every account: high, so a shared address (a reverse proxy without trusted-proxy
// configuration, a town hall's network) is not locked out by a few mistyped e-mails.
inline constexpr ThrottleRule kAddressRule{.window = 15LL * 60 * 1000, .window_max = 500};
// Second factor: 5 wrong codes in a row lock the account (AccessService::verify_second_factor).
inline constexpr ThrottleRule kSecondFactorRule{.lock_after = 5, .lock_for = 15LL * 60 * 1000};
// Password-reset e-mails: 3 per address asked for per hour, 20 per client address per hour.
inline constexpr ThrottleRule kResetPerEmailRule{.window = 3600LL * 1000, .window_max = 3};
inline constexpr ThrottleRule kResetPerAddressRule{.window = 3600LL * 1000, .window_max = 20};

namespace throttle {

// Read-only check, for an early refusal before expensive work (argon2) outside a transaction
// that writes; the decision is taken again by take() in the write transaction.
bool blocked(store::Tx& tx, const std::string& key, Millis now);
// In a write transaction: locks the counter's row (creating it) and says whether it blocks now.
bool take(store::Tx& tx, const std::string& key, Millis now);
// Counts one failure (or, for window rules, one event) on a row taken in this transaction.
// Returns true when this failure locked the counter.
bool count(store::Tx& tx, const std::string& key, const ThrottleRule& rule, Millis now);
// Success: the consecutive count starts again. A lock in force stays.
void clear(store::Tx& tx, const std::string& key, Millis now);
// Locks until `until` (or later, when already locked longer).
void lock(store::Tx& tx, const std::string& key, Millis until);

}  // namespace throttle
}  // namespace jalon::access
