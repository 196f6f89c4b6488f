// What the to-do list and the agenda send by e-mail, through the outbox: the day-before
// appointment reminder to the beneficiary (only with an e-mail address and their consent; the
// text names no other person), the immediate notice of new to-do items, and the daily digest
// at the hour each user picked (no item, no e-mail; only the user's own people).
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::jobs {

// Schedules a "reminder.appointment" job 24 h before each upcoming appointment of the structure
// (next 48 h) whose person agreed to e-mail; idempotent. Returns how many it scheduled.
int schedule_appointment_reminders(store::Tx& tx, Random& rng, const Clock& clock,
                                   const std::string& structure_id);
// The job's work (payload "<appointment id>:<starts_at>"): queues the e-mail if the
// appointment is still planned at that time and the consent still given.
std::string send_appointment_reminder(store::Tx& tx, Random& rng, const Clock& clock,
                                      const std::string& payload);

// Sends the new items of users who asked for "immediate" (one e-mail per user), marks the
// "never" ones. Returns the e-mails queued.
int notify_immediately(store::Tx& tx, Random& rng, const Clock& clock,
                       const std::string& structure_id, const std::string& base_url);
// The digests of the structure's users whose hour it is (local time) and who have none today.
// Returns the e-mails queued.
int send_digests(store::Tx& tx, Random& rng, const Clock& clock, const std::string& structure_id,
                 const std::string& base_url);

}  // namespace jalon::jobs
