#include "jobs/notify.h"

#include <map>
#include <vector>

#include "core/dates.h"
#include "jobs/jobs.h"
#include "jobs/todo.h"
#include "meetings/referentials.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"

namespace jalon::jobs {
namespace {

constexpr Millis kDayMs = 86'400'000;

struct NewItem {
  std::string id, user_id, email, kind, due_on, link;
};

// Open items not yet notified, with their user's address, for people still in the user's
// caseload (so nothing about another counselor's people is ever sent).
std::vector<NewItem> unnotified(store::Tx& tx, const std::string& sid,
                                const std::string& user_id = {}) {
  std::string sql =
      "SELECT t.id, t.user_id, u.email, t.kind, t.due_on, t.link FROM todo_items t"
      " JOIN users u ON u.id = t.user_id AND u.disabled_at IS NULL"
      " WHERE t.structure_id = ? AND t.notified = 0 AND t.done_at IS NULL AND"
      " t.dismissed_at IS NULL AND " +
      std::string(kInCaseload);
  store::Params params{sid};
  if (!user_id.empty()) {
    sql += " AND t.user_id = ?";
    params.push_back(user_id);
  }
  std::vector<NewItem> out;
  for (const auto& row : tx.query(sql + " ORDER BY t.user_id, t.due_on, t.id", params)) {
    store::RowReader r(row);
    NewItem n;
    n.id = r.text();
    n.user_id = r.text();
    n.email = r.text();
    n.kind = r.text();
    n.due_on = r.text_or_empty();
    n.link = r.text();
    out.push_back(std::move(n));
  }
  return out;
}

// One line per item: what, when, where in Jalon. No name: the link needs a sign-in.
std::string item_line(const NewItem& n, const std::string& base_url) {
  std::string line = "- " + std::string(referential::label_of(todo_kinds(), n.kind));
  if (!n.due_on.empty()) line += " (" + dates::french_date(n.due_on) + ")";
  return line + " : " + base_url + n.link + "\n";
}

void mark(store::Tx& tx, const std::vector<const NewItem*>& items, int notified) {
  for (const auto* n : items) {
    tx.exec("UPDATE todo_items SET notified = ? WHERE id = ?", {notified, n->id});
  }
}

}  // namespace

int schedule_appointment_reminders(store::Tx& tx, Random& rng, const Clock& clock,
                                   const std::string& sid) {
  Millis now = clock.now_ms();
  int n = 0;
  for (const auto& row : tx.query(
           "SELECT a.id, a.starts_at FROM appointments a JOIN beneficiaries b ON b.id ="
           " a.beneficiary_id WHERE a.structure_id = ? AND a.status = ? AND a.starts_at > ? AND"
           " a.starts_at <= ? AND b.consent_email = 1 AND b.email IS NOT NULL AND b.email <> ''"
           " AND b.status <> 'sorti'",
           {sid, meetings::kUndetermined, now, now + 2 * kDayMs})) {
    Millis starts = row.i64(1);
    std::string payload = row.text(0) + ":" + std::to_string(starts);
    schedule(tx, rng, clock,
             {.kind = "reminder.appointment",
              .payload = payload,
              .key = "rappel-rdv:" + payload,
              .run_at = std::max(now, starts - kDayMs),
              .structure_id = sid});
    ++n;
  }
  return n;
}

std::string send_appointment_reminder(store::Tx& tx, Random& rng, const Clock& clock,
                                      const std::string& payload) {
  auto colon = payload.find(':');
  if (colon == std::string::npos) return "bad payload";
  auto row = tx.query_one(
      "SELECT a.starts_at, a.status, a.kind, a.mode, a.place, b.first_name, b.email,"
      " b.consent_email, s.name, s.time_zone, a.structure_id FROM appointments a"
      " JOIN beneficiaries b ON b.id = a.beneficiary_id JOIN structures s ON s.id ="
      " a.structure_id WHERE a.id = ?",
      {payload.substr(0, colon)});
  if (!row) return "appointment gone";
  store::RowReader r(*row);
  Millis starts = r.i64();
  std::string status = r.text(), kind = r.text(), mode = r.text(), place = r.text();
  std::string first = r.text(), email = r.text_or_empty();
  bool consent = r.i64_or(0) == 1;
  std::string structure = r.text(), zone = r.text(), sid = r.text();
  if (std::to_string(starts) != payload.substr(colon + 1)) return "skipped: moved";
  if (status != meetings::kUndetermined) return "skipped: " + status;
  if (starts <= clock.now_ms()) return "skipped: past";
  if (!consent || email.empty()) return "skipped: no consent";
  std::string when = dates::french_datetime(starts, zone);
  std::string body =
      "Bonjour " + first + ",\n\nNous vous rappelons votre rendez-vous (" +
      std::string(referential::label_of(meetings::appointment_kinds(), kind)) + ", " +
      std::string(referential::label_of(meetings::appointment_modes(), mode)) + ") le " + when +
      (place.empty() ? "" : ", lieu : " + place) +
      ".\n\nSi vous ne pouvez pas venir, merci de nous prévenir.\n\n" + structure + "\n";
  outbox::enqueue(tx, rng, clock, {sid, email, "Rappel : votre rendez-vous du " + when, body});
  return "sent";
}

int notify_immediately(store::Tx& tx, Random& rng, const Clock& clock, const std::string& sid,
                       const std::string& base_url) {
  auto items = unnotified(tx, sid);
  std::map<std::string, Preferences> prefs;
  std::map<std::string, std::vector<const NewItem*>> now_by_user;
  std::vector<const NewItem*> never;
  for (const auto& n : items) {
    if (!prefs.count(n.user_id)) prefs[n.user_id] = preferences(tx, n.user_id);
    const std::string& mode = prefs[n.user_id].modes[n.kind];
    if (mode == "immediate") now_by_user[n.user_id].push_back(&n);
    if (mode == "never") never.push_back(&n);
  }
  mark(tx, never, 3);
  for (const auto& [user, list] : now_by_user) {
    std::string body = "Bonjour,\n\nDe nouvelles choses sont à faire dans Jalon :\n\n";
    for (const auto* n : list) body += item_line(*n, base_url);
    body += "\nRetrouvez votre liste « À faire » : " + base_url + "/a-faire\n";
    outbox::enqueue(
        tx, rng, clock,
        {sid, list.front()->email,
         list.size() == 1 ? "Jalon : une nouvelle chose à faire"
                          : "Jalon : " + std::to_string(list.size()) + " nouvelles choses à faire",
         body});
    mark(tx, list, 1);
  }
  return static_cast<int>(now_by_user.size());
}

int send_digests(store::Tx& tx, Random& rng, const Clock& clock, const std::string& sid,
                 const std::string& base_url) {
  auto st = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {sid});
  if (!st) return 0;
  Millis now = clock.now_ms();
  std::string zone = st->text(0);
  std::string today = dates::iso(dates::local_date(now, zone));
  int hour = std::stoi(dates::local_hhmm(now, zone).substr(0, 2));
  int sent = 0;
  for (const auto& row : tx.query(
           "SELECT u.id FROM users u LEFT JOIN notification_settings n ON n.user_id = u.id"
           " WHERE u.structure_id = ? AND u.disabled_at IS NULL AND COALESCE(n.digest_hour, 8) = ?"
           " AND (n.last_digest_on IS NULL OR n.last_digest_on <> ?) ORDER BY u.id",
           {sid, hour, today})) {
    const std::string& user = row.text(0);
    Preferences p = preferences(tx, user);
    auto items = unnotified(tx, sid, user);
    std::vector<const NewItem*> list;
    for (const auto& n : items) {
      if (p.modes[n.kind] == "digest") list.push_back(&n);
    }
    tx.exec(
        "INSERT INTO notification_settings (user_id, digest_hour, last_digest_on) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET last_digest_on = excluded.last_digest_on",
        {user, p.digest_hour, today});
    if (list.empty()) continue;  // no item, no e-mail
    std::string body =
        "Bonjour,\n\nVoici ce qui est à faire dans Jalon depuis votre dernier "
        "récapitulatif :\n\n";
    for (const auto* n : list) body += item_line(*n, base_url);
    body += "\nRetrouvez votre liste « À faire » : " + base_url + "/a-faire\n";
    outbox::enqueue(tx, rng, clock,
                    {sid, list.front()->email,
                     "Jalon : votre récapitulatif du " + dates::french_date(today), body});
    mark(tx, list, 2);
    ++sent;
  }
  return sent;
}

}  // namespace jalon::jobs
