#include "workshops/jobs.h"

#include <algorithm>

#include "core/dates.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"

namespace jalon::workshops {
namespace {
constexpr Millis kDay = 86'400'000;
}  // namespace

int schedule_reminders(store::Tx& tx, Random& rng, const Clock& clock, const std::string& sid) {
  Millis now = clock.now_ms();
  int n = 0;
  for (const auto& row : tx.query(
           "SELECT p.id, ws.starts_at FROM workshop_participations p JOIN workshop_sessions ws ON "
           "ws.id = p.session_id JOIN beneficiaries b ON b.id = p.beneficiary_id WHERE "
           "ws.structure_id = ? AND ws.cancelled_at IS NULL AND ws.starts_at > ? AND "
           "ws.starts_at <= ? AND p.waiting = 0 AND p.status = 'non_determine' AND "
           "b.consent_email = 1 AND b.email IS NOT NULL AND b.email <> '' AND b.status <> 'sorti'",
           {sid, now, now + 2 * kDay})) {
    Millis starts = row.i64(1);
    std::string payload = row.text(0) + ":" + std::to_string(starts);
    jobs::schedule(tx, rng, clock,
                   {.kind = "reminder.workshop",
                    .payload = payload,
                    .key = "rappel-atelier:" + payload,
                    .run_at = std::max(now, starts - kDay),
                    .structure_id = sid});
    ++n;
  }
  return n;
}

std::string send_reminder(store::Tx& tx, Random& rng, const Clock& clock,
                          const std::string& payload) {
  auto colon = payload.find(':');
  if (colon == std::string::npos) return "bad payload";
  auto row = tx.query_one(
      "SELECT ws.starts_at, COALESCE(ws.cancelled_at, 0), p.waiting, p.status, t.title, "
      "ws.mode, ws.place, b.first_name, b.last_name, COALESCE(b.email, ''), b.consent_email, "
      "s.name, s.time_zone, ws.structure_id FROM workshop_participations p JOIN "
      "workshop_sessions ws ON ws.id = p.session_id JOIN workshop_templates t ON t.id = "
      "ws.template_id JOIN beneficiaries b ON b.id = p.beneficiary_id JOIN structures s ON s.id "
      "= ws.structure_id WHERE p.id = ?",
      {payload.substr(0, colon)});
  if (!row) return "participation gone";
  store::RowReader r(*row);
  Millis starts = r.i64();
  bool cancelled = r.i64() != 0, waiting = r.i64() != 0;
  std::string status = r.text(), title = r.text(), mode = r.text(), place = r.text();
  std::string name = r.text() + " " + r.text(), email = r.text();
  bool consent = r.i64_or(0) == 1;
  std::string structure = r.text(), zone = r.text(), sid = r.text();
  if (std::to_string(starts) != payload.substr(colon + 1)) return "skipped: moved";
  if (cancelled) return "skipped: cancelled";
  if (waiting || status != "non_determine") return "skipped: " + status;
  if (starts <= clock.now_ms()) return "skipped: past";
  if (!consent || email.empty()) return "skipped: no consent";
  std::string when = dates::french_datetime(starts, zone);
  std::string where = mode == "visio" ? "en visioconférence (" + place + ")" : place;
  outbox::enqueue(tx, rng, clock,
                  {sid, email, "Rappel : atelier « " + title + " » du " + when,
                   "Bonjour " + name + ",\n\nNous vous rappelons l'atelier « " + title + " » le " +
                       when + ", " + where +
                       ".\n\nSi vous ne pouvez pas venir, prévenez-nous : votre place sera "
                       "proposée à une autre personne.\n\n" +
                       structure + "\n"});
  return "sent";
}

void register_jobs(jobs::Runner& runner, store::Database& db, const Clock& clock, Random& rng) {
  runner.add_recurring({.kind = "workshops.reminders", .every_minutes = 60, .at_minute = 10},
                       [&db, &clock, &rng](const jobs::Context& c) {
                         auto tx = db.write();
                         int n = schedule_reminders(tx, rng, clock, c.job.payload);
                         tx.commit();
                         return std::to_string(n) + " reminders";
                       });
  runner.add("reminder.workshop", [&db, &clock, &rng](const jobs::Context& c) {
    auto tx = db.write();
    std::string out = send_reminder(tx, rng, clock, c.job.payload);
    tx.commit();
    return out;
  });
}

}  // namespace jalon::workshops
