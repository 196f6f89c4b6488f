// A session's life after planning: changed (date, place, capacity, facilitator), cancelled
// (everyone enrolled or waiting is told by e-mail, each message naming only its addressee), and
// the facilitator's notes kept for the bilan.
#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"
#include "workshops/service.h"

namespace jalon::workshops {
namespace {

// Enrolled or waiting people of the session who have an address: first name, e-mail.
std::vector<std::pair<std::string, std::string>> addressees(store::Tx& tx,
                                                            const std::string& session_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.query(
           "SELECT b.first_name || ' ' || b.last_name, b.email FROM workshop_participations p "
           "JOIN beneficiaries b ON b.id = p.beneficiary_id WHERE p.session_id = ? AND p.status "
           "NOT IN ('excuse', 'annule_structure') AND b.email IS NOT NULL AND b.email <> '' "
           "ORDER BY p.id",
           {session_id})) {
    out.emplace_back(r.text(0), r.text(1));
  }
  return out;
}

}  // namespace

Result<std::string> WorkshopService::update_session(const access::Session& s,
                                                    const std::string& session_id,
                                                    const SessionInput& in) {
  auto x = get_session(s, session_id);
  if (!x) return Error::not_found();
  Millis now = clock_.now_ms();
  if (x->cancelled_at || x->starts_at <= now) {
    return Error::invalid("Une séance annulée ou commencée ne se modifie plus.", "date");
  }
  auto mistakes = session_mistakes(s, in);
  if (!mistakes.empty()) {
    Error e = mistakes.front();
    e.more.assign(mistakes.begin() + 1, mistakes.end());
    return e;
  }
  auto tx = db_.write();
  std::string z = zone(tx, s.structure_id);
  Millis starts = *dates::from_local(*dates::parse_iso_date(in.date), in.time, z);
  std::string place = text::trim(in.place);
  tx.exec(
      "UPDATE workshop_sessions SET starts_at = ?, duration_min = ?, mode = ?, place = ?, "
      "capacity = ?, facilitator_id = ?, updated_at = ? WHERE id = ? AND structure_id = ?",
      {starts, in.duration_min, in.mode, place,
       in.capacity > 0 ? store::Value(in.capacity) : store::Value(nullptr),
       in.facilitator_id.empty() ? x->facilitator_id : in.facilitator_id, now, x->id,
       s.structure_id});
  if (starts != x->starts_at || place != x->place || in.mode != x->mode) {
    std::string where = in.mode == "visio" ? "en visioconférence (" + place + ")" : place;
    for (const auto& [name, email] : addressees(tx, x->id)) {
      outbox::enqueue(tx, rng_, clock_,
                      {s.structure_id, email, "Changement : atelier « " + x->title + " »",
                       "Bonjour " + name + ",\n\nL'atelier « " + x->title +
                           " » auquel vous êtes inscrit·e change : il aura lieu le " +
                           dates::french_datetime(starts, z) + ", " + where +
                           ".\n\nSi vous ne pouvez plus venir, prévenez-nous.\n"});
    }
  }
  audit_.record(tx, access::audit_entry(s, "update", "workshop_session", x->id, "workshop"));
  tx.commit();
  {
    // A larger capacity frees places for the waiting list.
    auto changed = get_session(s, x->id);
    auto w = db_.write();
    promote_waiting(w, s, *changed);
    w.commit();
  }
  return x->id;
}

Result<int> WorkshopService::cancel_session(const access::Session& s,
                                            const std::string& session_id) {
  auto x = get_session(s, session_id);
  if (!x) return Error::not_found();
  Millis now = clock_.now_ms();
  if (x->cancelled_at) return 0;
  if (x->starts_at <= now) {
    return Error::invalid("La séance a commencé : elle ne peut plus être annulée.");
  }
  auto tx = db_.write();
  std::string z = zone(tx, s.structure_id);
  tx.exec("UPDATE workshop_sessions SET cancelled_at = ?, updated_at = ? WHERE id = ?",
          {now, now, x->id});
  tx.exec(
      "UPDATE workshop_links SET revoked_at = ? WHERE session_id = ? AND used_at IS NULL AND "
      "revoked_at IS NULL",
      {now, x->id});
  int told = 0;
  for (const auto& [name, email] : addressees(tx, x->id)) {
    outbox::enqueue(tx, rng_, clock_,
                    {s.structure_id, email, "Annulation : atelier « " + x->title + " »",
                     "Bonjour " + name + ",\n\nNous sommes désolés : l'atelier « " + x->title +
                         " » du " + dates::french_datetime(x->starts_at, z) +
                         " est annulé. Votre conseiller·ère vous proposera une autre date.\n"});
    ++told;
  }
  audit_.record(tx, access::audit_entry(s, "cancel", "workshop_session", x->id, "workshop",
                                        "told=" + std::to_string(told)));
  tx.commit();
  return told;
}

Status WorkshopService::save_notes(const access::Session& s, const std::string& session_id,
                                   const std::string& notes) {
  auto x = get_session(s, session_id);
  if (!x) return Error::not_found();
  std::string n = text::trim(notes);
  if (auto st = validation::text(n, "notes", "les notes de l'animateur·ice", 5000); !st.ok()) {
    return st;
  }
  auto tx = db_.write();
  tx.exec("UPDATE workshop_sessions SET notes = ?, updated_at = ? WHERE id = ?",
          {n, clock_.now_ms(), x->id});
  audit_.record(tx,
                access::audit_entry(s, "update", "workshop_session", x->id, "workshop", "notes=1"));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::workshops
