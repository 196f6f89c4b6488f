#include "demo/jobs.h"

#include "access/audit.h"
#include "access/keys.h"
#include "access/service.h"
#include "core/dates.h"
#include "jobs/notify.h"
#include "jobs/todo.h"
#include "meetings/service.h"

namespace jalon::demo {
namespace {

constexpr std::string_view kTimes[] = {"09:30", "14:00", "16:30"};

// Two appointments in the next two days for a counselor who has none, with people who agreed
// to e-mail reminders.
void plan_upcoming(store::Database& db, meetings::MeetingService& meetings, const Clock& clock,
                   const access::Session& s) {
  Millis now = clock.now_ms();
  std::vector<std::string> people;
  {
    auto tx = db.read();
    auto has = tx.query_one(
        "SELECT COUNT(*) FROM appointments WHERE counselor_id = ? AND status = 'non_determine'"
        " AND starts_at > ? AND starts_at <= ?",
        {s.user_id, now + 3'600'000, now + 2 * 86'400'000LL});
    if (has && has->i64(0) >= 2) return;
    // Those who agreed first, then others with an address (who agree for the demo).
    for (const auto& r : tx.query(
             "SELECT b.id FROM beneficiaries b JOIN caseload_members cm ON cm.beneficiary_id = b.id"
             " WHERE cm.user_id = ? AND b.status = 'en_cours' AND b.email IS NOT NULL AND"
             " b.email <> '' ORDER BY b.consent_email DESC, b.last_name, b.first_name,"
             " b.birth_date LIMIT 2",
             {s.user_id})) {
      people.push_back(r.text(0));
    }
    tx.commit();
  }
  if (!people.empty()) {
    auto tx = db.write();
    for (const auto& p : people) {
      tx.exec("UPDATE beneficiaries SET consent_email = 1 WHERE id = ?", {p});
    }
    tx.commit();
  }
  dates::Date today = dates::local_date(now, dates::kDefaultZone);  // the demo's zone
  int i = 0;
  for (const auto& p : people) {
    meetings::AppointmentInput in;
    in.date = dates::iso({today.days + 1 + (i % 2)});
    in.time = std::string(kTimes[i % 3]);
    in.duration_min = 45;
    in.kind = "suivi";
    in.mode = "sur_place";
    in.place = "Bureau 2, 12 rue des Tisserands, Voiron";
    (void)meetings.schedule(s, p, in);  // an overlap or a refusal only means one fewer
    ++i;
  }
}

}  // namespace

JobsSummary add_jobs(store::Database& db, const Clock& clock, Random& rng,
                     const std::string& data_dir, const std::string& structure_id) {
  JobsSummary out;
  access::Keys keys = access::Keys::load_or_create(data_dir);
  access::AuditLog audit(db, clock, keys);
  meetings::MeetingService meetings(db, clock, rng, audit);
  std::vector<access::Session> counselors;
  {
    auto tx = db.write();
    // About three people in four with an e-mail address agreed to be contacted by e-mail.
    tx.exec(
        "UPDATE beneficiaries SET consent_email = 1 WHERE structure_id = ? AND email IS NOT NULL"
        " AND email <> '' AND (length(first_name) + length(last_name)) % 4 <> 0",
        {structure_id});
    for (const auto& r :
         tx.query("SELECT id, team_id FROM users WHERE structure_id = ? AND role = 'counselor'"
                  " AND disabled_at IS NULL ORDER BY email",
                  {structure_id})) {
      access::Session s;
      s.user_id = r.text(0);
      s.team_id = r.opt_text(1).value_or("");
      s.structure_id = structure_id;
      s.role = access::Role::kCounselor;
      counselors.push_back(s);
    }
    tx.commit();
  }
  for (const auto& s : counselors) plan_upcoming(db, meetings, clock, s);
  auto tx = db.write();
  auto counts = jobs::refresh_todo(tx, rng, clock, structure_id);
  out.todo_items = counts.created;
  out.reminders = jobs::schedule_appointment_reminders(tx, rng, clock, structure_id);
  tx.commit();
  audit.flush();
  return out;
}

}  // namespace jalon::demo
