// The workshops' jobs: the day-before reminder of a session, by e-mail, to each enrolled
// participant who agreed to e-mail (beneficiaries.consent_email), naming only them.
#pragma once
#include "core/clock.h"
#include "core/random.h"
#include "jobs/runner.h"
#include "store/database.h"

namespace jalon::workshops {

// "workshops.reminders" (hourly, per structure) schedules a "reminder.workshop" job per
// participant of the sessions starting within two days, due the day before; that job sends the
// e-mail unless the session moved or was cancelled, or the person left it or withdrew consent.
void register_jobs(jobs::Runner& runner, store::Database& db, const Clock& clock, Random& rng);

// The two steps, for tests: how many reminders were scheduled, and one reminder's outcome.
int schedule_reminders(store::Tx& tx, Random& rng, const Clock& clock, const std::string& sid);
std::string send_reminder(store::Tx& tx, Random& rng, const Clock& clock,
                          const std::string& payload);

}  // namespace jalon::workshops
