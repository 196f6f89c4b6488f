// The demo's workshop catalogue (issue 16): CV, job interview, mobility, digital basics and
// self-confidence workshops, each with objectives tied to skills and a running order; past
// sessions with their attendance filled in (one left to complete), and upcoming ones, one of
// them full with a waiting list. Participants come from the facilitator's own caseload.
#pragma once
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

// In the demo's transaction, after the people's histories; the clock is moved to each session
// to record its attendance, and put back to `now`. Returns the writes made.
int add_workshops(store::Database& db, FakeClock& clock, Random& rng, access::AuditLog& audit,
                  const std::vector<access::Session>& counselors, Millis now);

}  // namespace jalon::demo
