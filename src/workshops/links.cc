// A participant's single-use questionnaire link (W6, W7), on the shared one-time link mechanism
// (access/one_time_links.h, as the partners' referral links): the token is in the e-mail or
// shown once to the facilitator, the store keeps its hash. The page it opens shows the session's
// title, date and items only: no name, neither the participant's nor anyone else's. Every use is
// audited with an anonymous actor and the participation as object, never the token.
#include <algorithm>

#include "access/policy.h"
#include "core/dates.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"
#include "workshops/service.h"

namespace jalon::workshops {
namespace {

constexpr Millis kDay = 86'400'000;
constexpr Millis kEndLinkDays = 7;

access::AuditEntry link_audit(const std::string& structure_id, const std::string& action,
                              const std::string& participation_id, const std::string& outcome) {
  access::AuditEntry e;
  e.actor_role = "workshop_link";
  e.structure_id = structure_id;
  e.action = action;
  e.object_type = "workshop_participation";
  e.object_id = participation_id;
  e.category = "workshop";
  e.outcome = outcome;
  return e;
}

struct LinkRow {
  std::string id, structure_id, session_id, participation_id, moment;
  access::LinkState state = access::LinkState::kUnknown;
};

std::optional<LinkRow> find_link(store::Tx& tx, const std::string& token, Millis now) {
  auto hash = access::link_lookup_hash(token);
  if (!hash) return std::nullopt;
  auto r = tx.query_one(
      "SELECT l.id, l.structure_id, l.session_id, l.participation_id, l.moment, l.used_at IS NOT "
      "NULL, l.revoked_at IS NOT NULL OR ws.cancelled_at IS NOT NULL, l.expires_at FROM "
      "workshop_links l JOIN workshop_sessions ws ON ws.id = l.session_id WHERE l.token_hash = ?",
      {*hash});
  if (!r) return std::nullopt;
  store::RowReader c(*r);
  LinkRow l{c.text(), c.text(), c.text(), c.text(), c.text()};
  bool used = c.i64() != 0, revoked = c.i64() != 0;
  l.state = access::link_state(used, revoked, c.i64(), now);
  return l;
}

// Until when a link of `moment` works for the session; 0 when it cannot be issued now.
Millis link_expiry(const Session& x, std::string_view moment, Millis now) {
  if (moment == kStart) return now < x.ends_at() ? x.ends_at() : 0;
  Millis until = x.ends_at() + kEndLinkDays * kDay;
  return now >= x.starts_at && now < until ? until : 0;
}

std::string link_mail(const Session& x, std::string_view moment, const std::string& url,
                      const std::string& zone) {
  std::string what = moment == kStart ? "votre auto-évaluation avant l'atelier"
                                      : "votre avis sur l'atelier et votre auto-évaluation";
  return "Bonjour,\n\nPour donner " + what + " « " + x.title + " » du " +
         dates::french_datetime(x.starts_at, zone) +
         ", ouvrez ce lien personnel (une seule utilisation, quelques minutes suffisent) :\n" +
         url + "\n\nVos réponses aident à améliorer l'atelier. Ne transférez pas ce message.\n";
}

}  // namespace

Result<IssuedLink> WorkshopService::issue_link(const access::Session& s,
                                               const std::string& participation_id,
                                               std::string_view moment) {
  if (moment != kStart && moment != kEnd) return Error::invalid("Moment inconnu.", "moment");
  auto x = get_session(s, session_of_participation(s, participation_id));
  if (!x) return Error::not_found();
  const auto& people = roster(s, *x).people;
  if (std::none_of(people.begin(), people.end(),
                   [&](const Participant& p) { return p.id == participation_id && !p.waiting; })) {
    return Error::not_found();
  }
  Millis now = clock_.now_ms();
  Millis expires = x->cancelled_at ? 0 : link_expiry(*x, moment, now);
  if (expires == 0) {
    return Error::invalid(moment == kStart
                              ? "La séance est terminée : l'auto-évaluation « avant » ne se "
                                "remplit plus."
                              : "Le questionnaire de fin s'ouvre au début de la séance et reste "
                                "ouvert 7 jours après.",
                          "moment");
  }
  auto secret = access::new_link_secret(rng_);
  auto tx = db_.write();
  tx.exec(
      "UPDATE workshop_links SET revoked_at = ? WHERE participation_id = ? AND moment = ? AND "
      "used_at IS NULL AND revoked_at IS NULL",
      {now, participation_id, std::string(moment)});
  tx.exec(
      "INSERT INTO workshop_links (id, structure_id, session_id, participation_id, moment, "
      "token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, x->id, participation_id, std::string(moment), secret.hash,
       expires, now});
  audit_.record(tx, access::audit_entry(s, "create", "workshop_link", participation_id, "workshop",
                                        "moment=" + std::string(moment)));
  tx.commit();
  return IssuedLink{secret.token, expires};
}

Result<Sent> WorkshopService::send_links(const access::Session& s, const std::string& session_id,
                                         std::string_view moment) {
  auto x = get_session(s, session_id);
  if (!x) return Error::not_found();
  if (moment != kStart && moment != kEnd) return Error::invalid("Moment inconnu.", "moment");
  Sent out;
  std::string z = zone(s);
  for (const auto& p : roster(s, *x).people) {
    if (p.waiting || p.status == kExcused || p.status == kCancelled || p.status == kAbsent) {
      continue;
    }
    if (moment == kEnd && p.status != kPresent) continue;
    if (p.email.empty()) {
      ++out.without_email;
      continue;
    }
    auto link = issue_link(s, p.id, moment);
    if (!link.ok()) return link.error();
    auto tx = db_.write();
    outbox::enqueue(
        tx, rng_, clock_,
        {s.structure_id, p.email, "Votre avis sur l'atelier « " + x->title + " »",
         link_mail(*x, moment, base_url_ + "/questionnaire-atelier/" + link->token, z)});
    tx.commit();
    ++out.sent;
  }
  return out;
}

LinkForm WorkshopService::open_link(const std::string& token) {
  LinkForm f;
  auto tx = db_.read();
  auto l = find_link(tx, token, clock_.now_ms());
  if (!l) {
    tx.commit();
    return f;
  }
  f.state = l->state;
  f.session_id = l->session_id;
  f.moment = l->moment;
  auto r = tx.query_one(
      "SELECT t.title, ws.starts_at, st.time_zone, t.id FROM workshop_sessions ws JOIN "
      "workshop_templates t ON t.id = ws.template_id JOIN structures st ON st.id = "
      "ws.structure_id WHERE ws.id = ?",
      {l->session_id});
  f.title = r->text(0);
  f.starts_at = r->i64(1);
  f.zone = dates::valid_zone(r->text(2)) ? r->text(2) : std::string(dates::kDefaultZone);
  for (const auto& o : tx.query("SELECT label, skill FROM workshop_objectives WHERE template_id "
                                "= ? ORDER BY position",
                                {r->text(3)})) {
    f.objectives.push_back({o.text(0), o.text(1)});
  }
  tx.commit();
  audit_.record_async(link_audit(l->structure_id, "read", l->participation_id,
                                 f.state == access::LinkState::kOpen ? "ok" : "refused"));
  return f;
}

Result<std::vector<Error>> WorkshopService::answer_link(const std::string& token,
                                                        const std::string& session_id,
                                                        const std::vector<Questionnaire>& in) {
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  auto l = find_link(tx, token, now);
  if (!l) return Error::not_found();
  if (l->state != access::LinkState::kOpen || l->session_id != session_id) {
    audit_.record(tx, link_audit(l->structure_id, "update", l->participation_id, "refused"));
    tx.commit();
    return Error::conflict("Ce lien ne permet plus de répondre.");
  }
  std::set<std::string> wanted =
      l->moment == kStart ? std::set<std::string>{std::string(kPre)}
                          : std::set<std::string>{std::string(kSatisfaction), std::string(kPost)};
  std::set<std::string> given;
  for (const auto& q : in) given.insert(q.phase);
  if (given != wanted || given.size() != in.size()) {
    return Error::invalid("Questionnaire incomplet.", "phase");
  }
  Template t;
  auto tr = tx.query_one("SELECT template_id FROM workshop_sessions WHERE id = ?", {session_id});
  for (const auto& o : tx.query("SELECT label, skill FROM workshop_objectives WHERE template_id "
                                "= ? ORDER BY position",
                                {tr->text(0)})) {
    t.objectives.push_back({o.text(0), o.text(1)});
  }
  auto mistakes = questionnaire_mistakes(t, in);
  if (!mistakes.empty()) return mistakes;
  for (const auto& q : in) write_answers(tx, l->participation_id, session_id, q, "lien", now, "");
  tx.exec("UPDATE workshop_links SET used_at = ? WHERE id = ?", {now, l->id});
  audit_.record(tx, link_audit(l->structure_id, "update", l->participation_id, "ok"));
  tx.commit();
  return mistakes;
}

}  // namespace jalon::workshops
