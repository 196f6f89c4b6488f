// Reminders and alerts as jobs (issue 15): a recurring "todo.refresh" per structure turns what
// needs doing (appointments to remind or report, contracts to renew, proofs expiring, overdue
// actions, referrals without an answer after the structure's delay) into to-do items of the
// people's référents, marks done the items whose thing was resolved, and schedules the
// day-before appointment reminders to the beneficiaries who agreed to e-mail.
#pragma once
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "jobs/runner.h"
#include "store/database.h"

namespace jalon::jobs {

void register_reminders(Runner& runner, store::Database& db, const Clock& clock, Random& rng,
                        const std::string& base_url);

}  // namespace jalon::jobs
