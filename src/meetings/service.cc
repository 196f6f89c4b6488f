#include "meetings/service.h"

#include <algorithm>
#include <cctype>

#include "access/policy.h"
#include "beneficiaries/followup.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "meetings/referentials.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"

namespace jalon::meetings {
namespace {

using access::audit_entry;
using access::Session;

constexpr Millis kDay = 86'400'000;

// The cancelled participation statuses (referentials.h), as an SQL list: a cancelled
// appointment takes no time. The overlap flag also bounds the other's start from below by the
// longest appointment (480 minutes, check_input): an index range, 13 times faster on the demo.
#define CANCELLED "('annule_personne', 'annule_service')"
static_assert(kCancelledByPerson == "annule_personne" && kCancelledByService == "annule_service");

constexpr const char* kColumns =
    "a.id, a.structure_id, a.reference, a.beneficiary_id, b.civility, b.first_name, "
    "b.last_name, COALESCE(b.email, ''), a.counselor_id, COALESCE(u.display_name, ''), "
    "a.starts_at, a.duration_min, a.kind, a.partner_kind, a.partner_name, a.mode, a.place, "
    "a.status, COALESCE(a.status_at, 0), COALESCE(a.convocation_sent_at, 0), a.created_at, "
    "a.updated_at, a.sequence, COALESCE(r.id, ''), COALESCE(r.status, ''), "
    "CASE WHEN a.status NOT IN " CANCELLED
    " AND EXISTS (SELECT 1 FROM appointments o WHERE "
    "o.id <> a.id AND o.status NOT IN " CANCELLED
    " AND (o.counselor_id = a.counselor_id OR "
    "o.beneficiary_id = a.beneficiary_id) AND o.starts_at < a.starts_at + a.duration_min * "
    "60000 AND o.starts_at > a.starts_at - 28800000 AND o.starts_at + o.duration_min * 60000 "
    "> a.starts_at) THEN 1 ELSE 0 END "
    "FROM appointments a JOIN beneficiaries b ON b.id = a.beneficiary_id "
    "LEFT JOIN users u ON u.id = a.counselor_id "
    "LEFT JOIN interview_reports r ON r.appointment_id = a.id ";

// A braced list reads its cells left to right, in the order of the SELECT and of Appointment.
Appointment from_row(const store::Row& row) {
  store::RowReader r(row);
  return Appointment{r.text(),   r.text(), r.text(),                      // ids, reference
                     r.text(),   r.text(), r.text(), r.text(), r.text(),  // the person
                     r.text(),   r.text(),                                // the counselor
                     r.i64(),    r.i32(),                                 // when, how long
                     r.text(),   r.text(), r.text(), r.text(), r.text(), r.text(),  // what, status
                     r.i64(),    r.i64(),  r.i64(),  r.i64(),                       // instants
                     r.i32(),    r.text(), r.text(),  // sequence, report
                     r.boolean()};                    // overlaps
}

// The instant and the cleaned fields of an appointment input, or every mistake of the form.
struct Checked {
  Millis starts_at = 0;
  AppointmentInput in;
};

// When the appointment starts: a date and a time within a year back and two years ahead.
void check_when(const AppointmentInput& in, const std::string& zone, Millis now, Checked& c,
                validation::Mistakes& errs) {
  std::optional<dates::Date> d;
  if (in.date.empty()) {
    errs.add(Error::invalid("Indiquez la date du rendez-vous.", "date"));
  } else {
    errs.add(validation::date(in.date, "date", true, &d));
  }
  if (in.time.empty()) {
    errs.add(Error::invalid("Indiquez l'heure du rendez-vous.", "time"));
    return;
  }
  if (!d) return;
  auto t = dates::from_local(*d, in.time, zone, "time");
  if (!errs.add(t.ok() ? ok_status() : Status(t.error()))) return;
  c.starts_at = *t;
  if (c.starts_at < now - 366 * kDay) {
    errs.add(
        Error::invalid("Cette date a plus d'un an : un rendez-vous passé se saisit au plus "
                       "un an après.",
                       "date"));
  } else if (c.starts_at > now + kDay * 366 * 2) {
    errs.add(Error::invalid("Un rendez-vous se planifie au plus deux ans à l'avance.", "date"));
  }
}

// Where and with whom: the tripartite partner, the mode and its place or link.
void check_where(AppointmentInput& in, validation::Mistakes& errs) {
  in.partner_name = text::trim(in.partner_name);
  if (in.kind == "tripartite") {
    if (!has_code(partner_kinds(), in.partner_kind)) {
      errs.add(
          Error::invalid("Indiquez si le rendez-vous tripartite réunit un employeur ou un "
                         "partenaire.",
                         "partner_kind"));
    }
    if (in.partner_name.empty()) {
      errs.add(Error::invalid("Indiquez le nom de l'employeur ou du partenaire.", "partner_name"));
    }
    errs.add(validation::text(in.partner_name, "partner_name", "Le nom", 150));
  } else {
    in.partner_kind.clear();
    in.partner_name.clear();
  }
  if (!has_code(appointment_modes(), in.mode)) {
    errs.add(
        Error::invalid("Choisissez le mode du rendez-vous : sur place, téléphone ou "
                       "visioconférence.",
                       "mode"));
  }
  in.place = text::trim(in.place);
  if (!errs.add(validation::text(in.place, "place", "Le lieu", 300))) return;
  if (in.mode == "sur_place" && in.place.empty()) {
    errs.add(Error::invalid("Indiquez le lieu du rendez-vous (adresse ou salle).", "place"));
  }
  if (in.mode == "visio" && !in.place.empty() && in.place.rfind("https://", 0) != 0) {
    errs.add(Error::invalid("Le lien de visioconférence commence par https://.", "place"));
  }
  if (in.mode == "telephone") in.place.clear();
}

Result<Checked> check_input(AppointmentInput in, const std::string& zone, Millis now) {
  Checked c;
  std::vector<Error> out;
  validation::Mistakes errs{out};
  check_when(in, zone, now, c, errs);
  if (in.duration_min < 5 || in.duration_min > 480) {
    errs.add(
        Error::invalid("Indiquez une durée entre 5 et 480 minutes (8 heures).", "duration_min"));
  }
  errs.add(validation::one_of(in.kind, appointment_kinds(), "kind", "le type de rendez-vous"));
  check_where(in, errs);
  if (auto st = errs.status(); !st.ok()) return st.error();
  c.in = std::move(in);
  return c;
}

std::string new_reference(store::Tx& tx, Random& rng) {
  for (;;) {
    std::string ref = "RDV-" + new_id(rng).substr(0, 8);
    std::transform(ref.begin(), ref.end(), ref.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!tx.query_one("SELECT 1 FROM appointments WHERE reference = ?", {ref})) return ref;
  }
}

}  // namespace

MeetingService::MeetingService(store::Database& db, const Clock& clock, Random& rng,
                               access::AuditLog& audit)
    : db_(db), clock_(clock), rng_(rng), audit_(audit) {}

std::optional<Session> MeetingService::colleague(store::Tx& tx, const std::string& user_id,
                                                 const std::string& structure_id) {
  auto u = tx.query_one(
      "SELECT role, COALESCE(team_id, '') FROM users WHERE id = ? AND structure_id = ? AND "
      "role IN ('counselor', 'coordinator') AND disabled_at IS NULL",
      {user_id, structure_id});
  if (!u) return std::nullopt;
  store::RowReader r(*u);
  auto role = access::parse_role(r.text());
  if (!role) return std::nullopt;
  Session s;
  s.user_id = user_id;
  s.role = *role;
  s.team_id = r.text();
  s.structure_id = structure_id;
  return s;
}

std::string MeetingService::zone(store::Tx& tx, const std::string& structure_id) {
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {structure_id});
  return r && dates::valid_zone(r->text(0)) ? r->text(0) : std::string(dates::kDefaultZone);
}

std::string MeetingService::zone(const Session& s) {
  auto tx = db_.read();
  std::string z = zone(tx, s.structure_id);
  tx.commit();
  return z;
}

std::vector<Appointment> MeetingService::select(store::Tx& tx, const Session& s,
                                                const std::string& where, store::Params params) {
  std::string scope = access::Scope::of(s).beneficiaries("b", params);
  std::vector<Appointment> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns + "WHERE " + where + " AND " +
                                    scope + " ORDER BY a.starts_at, a.id",
                                params)) {
    out.push_back(from_row(r));
  }
  return out;
}

std::optional<Appointment> MeetingService::get(store::Tx& tx, const Session& s,
                                               const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  auto found = select(tx, s, "a.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

Status MeetingService::check_counselor(store::Tx& tx, const Session& s,
                                       const std::string& counselor_id,
                                       const std::string& beneficiary_id) {
  auto other = colleague(tx, counselor_id, s.structure_id);
  if (other) {
    store::Params p{beneficiary_id};
    std::string cond = access::Scope::of(*other).beneficiaries("b", p);
    if (tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p)) {
      return ok_status();
    }
  }
  return Error::invalid(
      "Choisissez un ou une conseiller·ère qui suit cette personne "
      "(référent·e ou co-référent·e, ou coordination de son équipe).",
      "counselor_id");
}

std::vector<std::pair<std::string, std::string>> MeetingService::counselors(const Session& s) {
  auto tx = db_.read();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.query("SELECT id, display_name FROM users WHERE structure_id = ? AND "
                                "role IN ('counselor', 'coordinator') AND disabled_at IS NULL "
                                "ORDER BY display_name, id",
                                {s.structure_id})) {
    out.emplace_back(r.text(0), r.text(1));
  }
  tx.commit();
  return out;
}

Result<std::string> MeetingService::schedule(const Session& s, const std::string& beneficiary_id,
                                             const AppointmentInput& raw) {
  AppointmentInput in = raw;
  if (in.counselor_id.empty()) in.counselor_id = s.user_id;
  auto tx = db_.write();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  if (!tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p)) {
    return Error::not_found();
  }
  Millis now = clock_.now_ms();
  auto c = check_input(in, zone(tx, s.structure_id), now);
  if (!c.ok()) return c.error();
  if (auto st = check_counselor(tx, s, c->in.counselor_id, beneficiary_id); !st.ok()) {
    return st.error();
  }
  if (auto st = check_overlap(tx, s, beneficiary_id, c->in.counselor_id, c->starts_at,
                              c->in.duration_min, {}, in.confirm_overlap);
      !st.ok()) {
    return st.error();
  }
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO appointments (id, structure_id, beneficiary_id, counselor_id, reference, "
      "starts_at, duration_min, kind, partner_kind, partner_name, mode, place, status, "
      "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)",
      {id, s.structure_id, beneficiary_id, c->in.counselor_id, new_reference(tx, rng_),
       c->starts_at, c->in.duration_min, c->in.kind, c->in.partner_kind, c->in.partner_name,
       c->in.mode, c->in.place, std::string(kUndetermined), now, s.user_id, now});
  audit_.record(tx, audit_entry(s, "create", "appointment", id, "pathway",
                                "beneficiary=" + beneficiary_id +
                                    (in.confirm_overlap ? ",overlap=confirmed" : "")));
  beneficiaries::refresh_followup(tx, beneficiary_id, now);
  tx.commit();
  return id;
}

Status MeetingService::reschedule(const Session& s, const std::string& id,
                                  const AppointmentInput& raw) {
  auto tx = db_.write();
  auto a = get(tx, s, id);
  if (!a) return Error::not_found();
  if (auto st = check_reschedule(a->state()); !st.ok()) return st.error();
  AppointmentInput in = raw;
  if (in.counselor_id.empty()) in.counselor_id = a->counselor_id;
  auto c = check_input(in, zone(tx, s.structure_id), clock_.now_ms());
  if (!c.ok()) return c.error();
  if (c->in.counselor_id != a->counselor_id) {
    if (auto st = check_counselor(tx, s, c->in.counselor_id, a->beneficiary_id); !st.ok()) {
      return st.error();
    }
  }
  if (auto st = check_overlap(tx, s, a->beneficiary_id, c->in.counselor_id, c->starts_at,
                              c->in.duration_min, id, in.confirm_overlap);
      !st.ok()) {
    return st;
  }
  tx.exec(
      "UPDATE appointments SET starts_at = ?, duration_min = ?, kind = ?, partner_kind = ?, "
      "partner_name = ?, mode = ?, place = ?, counselor_id = ?, sequence = sequence + 1, "
      "updated_at = ? WHERE id = ?",
      {c->starts_at, c->in.duration_min, c->in.kind, c->in.partner_kind, c->in.partner_name,
       c->in.mode, c->in.place, c->in.counselor_id, clock_.now_ms(), id});
  audit_.record(tx, audit_entry(s, "update", "appointment", id, "pathway", "section=schedule"));
  beneficiaries::refresh_followup(tx, a->beneficiary_id, clock_.now_ms());
  tx.commit();
  return ok_status();
}

Status MeetingService::set_participation(const Session& s, const std::string& id,
                                         const std::string& status) {
  auto tx = db_.write();
  auto a = get(tx, s, id);
  if (!a) return Error::not_found();
  Millis now = clock_.now_ms();
  if (auto st = check_participation(a->state(), status, now, zone(tx, s.structure_id)); !st.ok()) {
    return st.error();
  }
  if (status == a->status) return ok_status();
  tx.exec(
      "UPDATE appointments SET status = ?, status_at = ?, status_by = ?, sequence = sequence + "
      "1, updated_at = ? WHERE id = ?",
      {status, now, s.user_id, now, id});
  audit_.record(
      tx, audit_entry(s, "update", "appointment", id, "pathway", "status=" + std::string(status)));
  beneficiaries::refresh_followup(tx, a->beneficiary_id, now);
  tx.commit();
  return ok_status();
}

std::optional<Appointment> MeetingService::get(const Session& s, const std::string& id) {
  auto tx = db_.read();
  auto a = get(tx, s, id);
  tx.commit();
  if (a) audit_.record_async(audit_entry(s, "read", "appointment", id, "pathway"));
  return a;
}

std::vector<Appointment> MeetingService::of_beneficiary(const Session& s,
                                                        const std::string& beneficiary_id) {
  auto tx = db_.read();
  auto out = select(tx, s, "a.beneficiary_id = ?", {beneficiary_id});
  tx.commit();
  std::reverse(out.begin(), out.end());  // latest first
  audit_.record_async(
      audit_entry(s, "read", "beneficiary", beneficiary_id, "pathway", "section=appointments"));
  return out;
}

std::vector<Appointment> MeetingService::agenda(const Session& s, const std::string& counselor_id,
                                                Millis from, Millis to) {
  auto tx = db_.read();
  auto out = select(tx, s,
                    "a.counselor_id = ? AND a.structure_id = ? AND a.starts_at >= ? AND "
                    "a.starts_at < ?",
                    {counselor_id, s.structure_id, from, to});
  tx.commit();
  audit_.record_async(audit_entry(s, "read", "agenda", counselor_id, "pathway",
                                  "appointments=" + std::to_string(out.size())));
  return out;
}

std::optional<Convocation> MeetingService::convocation(const Session& s, const Appointment& a) {
  auto tx = db_.read();
  auto st = tx.query_one("SELECT name FROM structures WHERE id = ?", {a.structure_id});
  std::string z = zone(tx, a.structure_id);
  tx.commit();
  if (!st || a.structure_id != s.structure_id) return std::nullopt;
  ConvocationFacts f{a.civility,
                     a.first_name,
                     a.last_name,
                     a.starts_at,
                     a.duration_min,
                     a.kind,
                     a.partner_kind,
                     a.partner_name,
                     a.mode,
                     a.place,
                     a.counselor_name,
                     st->text(0),
                     z,
                     clock_.now_ms()};
  return make_convocation(f);
}

Result<std::string> MeetingService::send_convocation(const Session& s, const std::string& id) {
  auto a = get(s, id);
  if (!a) return Error::not_found();
  if (is_cancelled(a->status)) {
    return Error::conflict("Ce rendez-vous est annulé : la convocation n'est pas envoyée.");
  }
  if (a->starts_at <= clock_.now_ms()) {
    return Error::invalid("Ce rendez-vous est déjà passé : la convocation n'est pas envoyée.");
  }
  if (a->email.empty()) {
    return Error::invalid(
        "La personne n'a pas d'adresse e-mail dans son dossier : imprimez la "
        "lettre de convocation.",
        "email");
  }
  auto c = convocation(s, *a);
  if (!c) return Error::not_found();
  auto tx = db_.write();
  // Still the same appointment, still visible (it may have moved since it was read).
  auto now_a = get(tx, s, id);
  if (!now_a || now_a->sequence != a->sequence) {
    return Error::conflict(
        "Le rendez-vous vient d'être modifié : relisez la convocation avant "
        "de l'envoyer.");
  }
  std::string mid =
      outbox::enqueue(tx, rng_, clock_, {s.structure_id, a->email, c->subject, c->email_body()});
  tx.exec("UPDATE appointments SET convocation_sent_at = ? WHERE id = ?", {clock_.now_ms(), id});
  audit_.record(tx, audit_entry(s, "send", "appointment", id, "pathway", "convocation=email"));
  tx.commit();
  return mid;
}

ics::Event MeetingService::event_of(const Appointment& a, const std::string& base_url,
                                    bool with_place) const {
  ics::Event e;
  e.uid = a.id + "@jalon";
  e.sequence = a.sequence;
  e.start = a.starts_at;
  e.end = a.ends_at();
  e.stamp = clock_.now_ms();
  e.last_modified = a.updated_at;
  std::string kind(label_of(appointment_kinds(), a.kind));
  if (a.kind == "tripartite") kind = "tripartite";
  std::transform(kind.begin(), kind.begin() + 1, kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  e.summary = "Rendez-vous Jalon – " + kind + " (" + a.reference + ")";
  e.description = "Mode : " + std::string(label_of(appointment_modes(), a.mode)) +
                  "\nStatut : " + std::string(label_of(participation_statuses(), a.status)) +
                  "\nRéférence : " + a.reference +
                  "\nLe nom de la personne n'est visible que dans Jalon.";
  if (with_place) e.location = a.place;
  e.url = base_url + "/rendez-vous/" + a.id;
  e.cancelled = is_cancelled(a.status);
  return e;
}

}  // namespace jalon::meetings

#undef CANCELLED
