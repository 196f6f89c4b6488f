#include "jobs/reminders.h"

namespace jalon::jobs {

void register_reminders(Runner&, store::Database&, const Clock&, Random&) {}

}  // namespace jalon::jobs
