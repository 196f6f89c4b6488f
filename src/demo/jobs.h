// The demo's jobs (issue 15): people with an e-mail mostly agree to reminders, every counselor
// has appointments in the next two days (so day-before reminders are scheduled) and a to-do
// list drawn from their records.
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

struct JobsSummary {
  int reminders = 0, todo_items = 0;
};
// data_dir: the key file of the audit log, as for `jalon serve`.
JobsSummary add_jobs(store::Database& db, const Clock& clock, Random& rng,
                     const std::string& data_dir, const std::string& structure_id);

}  // namespace jalon::demo
