// Enrolment (with the waiting list), the roster, attendance and a person's workshops.
#include <algorithm>
#include <map>

#include "access/policy.h"
#include "core/dates.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"
#include "workshops/service.h"

namespace jalon::workshops {
namespace {

using access::audit_entry;

// The places taken in a session: enrolled, not excused nor cancelled (W2).
constexpr const char* kTaken =
    "SELECT COUNT(*) FROM workshop_participations WHERE session_id = ? AND waiting = 0 AND "
    "status NOT IN ('excuse', 'annule_structure')";
static_assert(kExcused == "excuse" && kCancelled == "annule_structure");

// The "freed place" notice: it names its addressee's session only.
outbox::Message place_notice(const std::string& structure_id, const std::string& email,
                             const Session& session, const std::string& zone) {
  std::string when = dates::french_datetime(session.starts_at, zone);
  return {structure_id, email, "Une place s'est libérée : atelier « " + session.title + " »",
          "Bonjour,\n\nUne place s'est libérée à l'atelier « " + session.title + " » du " + when +
              ". Vous étiez sur la liste d'attente : vous êtes maintenant inscrit·e.\n\n"
              "Si vous ne pouvez pas venir, prévenez votre conseiller·ère.\n"};
}

}  // namespace

Roster WorkshopService::roster(const access::Session& s, const Session& session) {
  // Placeholders in order: the facilitator, the scope's, the session.
  store::Params p{s.user_id};
  std::string scope = access::Scope::of(s).beneficiaries("b", p);
  p.push_back(session.id);
  auto tx = db_.read();
  Roster out;
  for (const auto& row : tx.query(
           "SELECT p.id, p.beneficiary_id, b.first_name, b.last_name, COALESCE(b.email, ''), "
           "p.waiting, p.status, p.enrolled_at, CASE WHEN ws.facilitator_id = ? OR " +
               scope +
               " THEN 1 ELSE 0 END FROM workshop_participations p JOIN beneficiaries b ON b.id "
               "= p.beneficiary_id JOIN workshop_sessions ws ON ws.id = p.session_id WHERE "
               "p.session_id = ? ORDER BY p.waiting, CASE WHEN p.waiting = 1 THEN p.enrolled_at "
               "ELSE 0 END, b.last_name, b.first_name, p.id",
           p)) {
    store::RowReader r(row);
    Participant x{r.text(), r.text(), r.text(), r.text(), r.text(), r.boolean(), r.text(), r.i64()};
    if (r.boolean()) {
      out.people.push_back(std::move(x));
    } else {
      ++out.hidden;
    }
  }
  tx.commit();
  audit_.record_async(audit_entry(s, "read", "workshop_session", session.id, "workshop",
                                  "participants=" + std::to_string(out.people.size())));
  return out;
}

Result<std::vector<EnrolResult>> WorkshopService::enrol(const access::Session& s,
                                                        const std::string& session_id,
                                                        const std::vector<std::string>& people,
                                                        bool waiting_list) {
  auto session = get_session(s, session_id);
  if (!session || session->cancelled_at) return Error::not_found();
  auto tx = db_.write();
  long long taken = tx.query_one(kTaken, {session_id})->i64(0);
  Millis now = clock_.now_ms();
  std::vector<EnrolResult> out;
  for (const auto& id : people) {
    EnrolResult res{id, "", std::string(kNotFound)};
    store::Params p{id};
    std::string scope = access::Scope::of(s).beneficiaries("b", p);
    auto b = looks_like_id(id) ? tx.query_one(
                                     "SELECT b.first_name, b.last_name FROM "
                                     "beneficiaries b WHERE b.id = ? AND " +
                                         scope,
                                     p)
                               : std::nullopt;
    if (!b) {
      out.push_back(res);
      continue;
    }
    res.name = b->text(0) + " " + b->text(1);
    if (tx.query_one("SELECT 1 FROM workshop_participations WHERE session_id = ? AND "
                     "beneficiary_id = ?",
                     {session_id, id})) {
      res.outcome = kAlready;
    } else if (session->capacity && taken >= *session->capacity && !waiting_list) {
      res.outcome = kFull;
    } else {
      bool waits = session->capacity && taken >= *session->capacity;
      tx.exec(
          "INSERT INTO workshop_participations (id, session_id, beneficiary_id, structure_id, "
          "waiting, status, enrolled_at, enrolled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {new_id(rng_), session_id, id, s.structure_id, waits ? 1 : 0, std::string(kUndetermined),
           now, s.user_id});
      audit_.record(tx, audit_entry(s, "create", "workshop_participation", session_id, "workshop",
                                    "beneficiary=" + id + (waits ? ",waiting=1" : "")));
      if (!waits) ++taken;
      res.outcome = waits ? kWaiting : kEnrolled;
    }
    out.push_back(res);
  }
  tx.commit();
  return out;
}

Result<std::vector<Error>> WorkshopService::set_attendance(
    const access::Session& s, const std::string& session_id,
    const std::vector<std::pair<std::string, std::string>>& statuses) {
  auto session = get_session(s, session_id);
  if (!session) return Error::not_found();
  Roster visible = roster(s, *session);
  std::string z = zone(s);
  Millis now = clock_.now_ms();
  std::vector<Error> mistakes;
  std::vector<std::pair<const Participant*, std::string>> changes;
  for (const auto& [pid, to] : statuses) {
    auto it = std::find_if(visible.people.begin(), visible.people.end(),
                           [&](const Participant& x) { return x.id == pid && !x.waiting; });
    if (it == visible.people.end()) return Error::not_found();
    auto st = check_status(it->status, to, session->starts_at, now, z,
                           it->first_name + " " + it->last_name, "status_" + pid);
    if (!st.ok()) {
      mistakes.push_back(st.error());
    } else if (to != it->status) {
      changes.emplace_back(&*it, to);
    }
  }
  if (!mistakes.empty() || changes.empty()) return mistakes;
  auto tx = db_.write();
  for (const auto& [x, to] : changes) {
    tx.exec(
        "UPDATE workshop_participations SET status = ?, status_at = ?, status_by = ? WHERE id = "
        "? AND session_id = ?",
        {to, now, s.user_id, x->id, session_id});
    audit_.record(tx, audit_entry(s, "update", "workshop_participation", x->id, "workshop",
                                  "beneficiary=" + x->beneficiary_id + ",status=" + to));
  }
  if (now < session->starts_at) promote_waiting(tx, s, *session);
  tx.commit();
  return mistakes;
}

// While places are free, the first person waiting takes one and is told (only them).
void WorkshopService::promote_waiting(store::Tx& tx, const access::Session& s,
                                      const Session& session) {
  if (!session.capacity) return;
  long long taken = tx.query_one(kTaken, {session.id})->i64(0);
  std::string z = zone(tx, s.structure_id);
  while (taken < *session.capacity) {
    auto next = tx.query_one(
        "SELECT p.id, p.beneficiary_id, COALESCE(b.email, '') FROM workshop_participations p "
        "JOIN beneficiaries b ON b.id = p.beneficiary_id WHERE p.session_id = ? AND p.waiting = "
        "1 ORDER BY p.enrolled_at, p.id LIMIT 1",
        {session.id});
    if (!next) return;
    tx.exec("UPDATE workshop_participations SET waiting = 0 WHERE id = ?", {next->text(0)});
    audit_.record(tx, audit_entry(s, "update", "workshop_participation", next->text(0), "workshop",
                                  "beneficiary=" + next->text(1) + ",promoted=1"));
    if (!next->text(2).empty()) {
      outbox::enqueue(tx, rng_, clock_, place_notice(s.structure_id, next->text(2), session, z));
    }
    ++taken;
  }
}

std::vector<Attendance> WorkshopService::of_beneficiary(const access::Session& s,
                                                        const std::string& person_id) {
  auto tx = db_.read();
  std::vector<Attendance> out;
  for (const auto& row :
       tx.query("SELECT ws.id, t.title, p.status, ws.starts_at, p.waiting FROM "
                "workshop_participations p JOIN workshop_sessions ws ON ws.id = p.session_id JOIN "
                "workshop_templates t ON t.id = ws.template_id WHERE p.beneficiary_id = ? AND "
                "p.structure_id = ? ORDER BY ws.starts_at DESC, ws.id",
                {person_id, s.structure_id})) {
    store::RowReader r(row);
    out.push_back({r.text(), r.text(), r.text(), r.i64(), r.boolean()});
  }
  tx.commit();
  return out;
}

}  // namespace jalon::workshops
