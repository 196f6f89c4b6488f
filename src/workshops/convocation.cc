// Convocations to a session: a printable letter per participant and the same text by e-mail
// through the outbox, one message per person, naming nobody else.
#include "core/dates.h"
#include "outbox/outbox.h"
#include "workshops/referentials.h"
#include "workshops/service.h"

namespace jalon::workshops {
namespace {

std::string letter(const Participant& p, const Session& x, const std::string& structure,
                   const std::string& zone) {
  std::string where = x.mode == "visio" ? "en visioconférence (" + x.place + ")" : x.place;
  return "Bonjour " + p.first_name + " " + p.last_name + ",\n\nVous êtes inscrit·e à l'atelier « " +
         x.title + " » organisé par " + structure +
         ".\n\nDate : " + dates::french_long(dates::local_date(x.starts_at, zone)) + ", de " +
         dates::local_hhmm(x.starts_at, zone) + " à " + dates::local_hhmm(x.ends_at(), zone) +
         "\nLieu : " + where + "\nAnimation : " + x.facilitator_name +
         "\n\nSi vous ne pouvez pas venir, prévenez-nous dès que possible : votre place sera "
         "proposée à une autre personne.\n\nÀ bientôt,\n" +
         structure + "\n";
}

// The structure's name and zone, and the convocation of `p`.
struct Letters {
  std::string structure, zone;
  Convocation of(const Participant& p, const Session& x) const {
    return {p.first_name + " " + p.last_name, p.email, "Convocation : atelier « " + x.title + " »",
            letter(p, x, structure, zone)};
  }
};

}  // namespace

static Letters letters_of(store::Database& db, const std::string& structure_id, std::string zone) {
  auto tx = db.read();
  auto st = tx.query_one("SELECT name FROM structures WHERE id = ?", {structure_id});
  tx.commit();
  return {st ? st->text(0) : std::string("votre structure"), std::move(zone)};
}

std::string WorkshopService::session_of_participation(const access::Session& s,
                                                      const std::string& id) {
  if (!looks_like_id(id)) return {};
  auto tx = db_.read();
  auto r = tx.query_one(
      "SELECT session_id FROM workshop_participations WHERE id = ? AND structure_id = ?",
      {id, s.structure_id});
  tx.commit();
  return r ? r->text(0) : std::string();
}

std::optional<Convocation> WorkshopService::convocation(const access::Session& s,
                                                        const Session& session,
                                                        const std::string& participation_id) {
  for (const auto& p : roster(s, session).people) {
    if (p.id == participation_id && !p.waiting)
      return letters_of(db_, s.structure_id, zone(s)).of(p, session);
  }
  return std::nullopt;
}

Result<Sent> WorkshopService::send_convocations(const access::Session& s,
                                                const std::string& session_id) {
  auto session = get_session(s, session_id);
  if (!session) return Error::not_found();
  if (session->cancelled_at) return Error::invalid("La séance est annulée.");
  if (session->starts_at <= clock_.now_ms()) {
    return Error::invalid("La séance a déjà commencé : les convocations ne sont pas envoyées.");
  }
  std::vector<Convocation> mails;
  Sent out;
  Letters l = letters_of(db_, s.structure_id, zone(s));
  for (const auto& p : roster(s, *session).people) {
    if (p.waiting || p.status == kExcused || p.status == kCancelled) continue;
    if (p.email.empty()) {
      ++out.without_email;
    } else {
      mails.push_back(l.of(p, *session));
    }
  }
  auto tx = db_.write();
  for (const auto& c : mails) {
    outbox::enqueue(tx, rng_, clock_, {s.structure_id, c.email, c.subject, c.body});
    ++out.sent;
  }
  audit_.record(tx, access::audit_entry(s, "send", "workshop_session", session_id, "workshop",
                                        "convocations=" + std::to_string(out.sent)));
  tx.commit();
  return out;
}

}  // namespace jalon::workshops
