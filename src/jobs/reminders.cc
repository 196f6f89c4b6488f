#include "jobs/reminders.h"

#include "jobs/notify.h"
#include "jobs/todo.h"

namespace jalon::jobs {

void register_reminders(Runner& runner, store::Database& db, const Clock& clock, Random& rng,
                        const std::string& base_url) {
  // Every hour, per structure: the to-do items, their immediate notices, and the day-before
  // appointment reminders.
  runner.add_recurring(
      {.kind = "todo.refresh", .every_minutes = 60, .at_minute = 0},
      [&db, &clock, &rng, base_url](const Context& c) {
        auto tx = db.write();
        auto counts = refresh_todo(tx, rng, clock, c.job.payload);
        int mails = notify_immediately(tx, rng, clock, c.job.payload, base_url);
        int reminders = schedule_appointment_reminders(tx, rng, clock, c.job.payload);
        tx.commit();
        return std::to_string(counts.created) + " new, " + std::to_string(counts.resolved) +
               " resolved, " + std::to_string(mails) + " notices, " + std::to_string(reminders) +
               " reminders";
      });
  runner.add_recurring({.kind = "notifications.digest", .every_minutes = 60, .at_minute = 5},
                       [&db, &clock, &rng, base_url](const Context& c) {
                         auto tx = db.write();
                         int n = send_digests(tx, rng, clock, c.job.payload, base_url);
                         tx.commit();
                         return std::to_string(n) + " digests";
                       });
  runner.add("reminder.appointment", [&db, &clock, &rng](const Context& c) {
    auto tx = db.write();
    std::string out = send_appointment_reminder(tx, rng, clock, c.job.payload);
    tx.commit();
    return out;
  });
}

}  // namespace jalon::jobs
