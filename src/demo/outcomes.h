// The demo's outcomes (issue 18): every exited person gets the exit the exit form would have
// recorded (situation, contract length, employer and job, the derived category, examined or
// not) and the follow-ups at 6 and 24 months: those past answered (a few unreachable, a few
// still to do, opened so the référent's to-do list has them), those ahead planned as jobs.
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

// Returns the number of rows written.
int add_outcomes(store::Database& db, const Clock& clock, Random& rng,
                 const std::string& structure_id, Millis now);

}  // namespace jalon::demo
