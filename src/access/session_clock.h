// How long an open page's session has left (issue 14: warn before it ends), read without
// restarting its idle timer: the page's poll must not keep an unattended session alive (SR 28).
#pragma once
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace jalon::access {

class SessionClock {
 public:
  SessionClock(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct State {
    bool signed_in = false;  // a live session, second factor done, password changed
    Millis remaining = 0;    // before its idle or absolute timeout
    std::string csrf;        // the token its forms carry
  };
  // The session of a cookie value as AccessService::authenticate judges it (timeouts, disabled
  // account), without writing anything.
  State peek(const std::string& token) const;
  // What is left of a session created at `created_at` and last seen at `last_seen_at` (≥ 0).
  Millis remaining(Millis created_at, Millis last_seen_at) const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace jalon::access
