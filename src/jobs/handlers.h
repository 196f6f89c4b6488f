// The jobs Jalon declares in code: reminders and alerts feeding the to-do list, e-mail
// notifications and the daily digest (reminders.cc, digest.cc), plus test kinds.
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "jobs/runner.h"
#include "store/database.h"

namespace jalon::jobs {

// Registers every domain job and the recurring ones. test_kinds (the --test-routes servers):
// "test.sleep" (payload: milliseconds; gives its lease back on stop), "test.fail" (always
// throws), "test.noop" (returns the runner's owner).
void register_handlers(Runner& runner, store::Database& db, const Clock& clock, Random& rng,
                       const std::string& base_url, bool test_kinds);

}  // namespace jalon::jobs
