// PartnerDirectory: a referral to a service of the directory, with the person's consent, and
// the partner's single-use link. The link's token is 32 random bytes shown once (in the e-mail);
// the store keeps its SHA-256 only, so a leaked database grants no link. Every use is audited
// (anonymous actor, the referral as object, never the token).
#include "access/links.h"
#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "outbox/outbox.h"
#include "partners/codes.h"
#include "partners/referentials.h"
#include "partners/service.h"
#include "pathways/referentials.h"
#include "store/row_reader.h"

namespace jalon::partners {

using access::audit_entry;
using access::Session;

namespace {

dates::Date today_in(store::Tx& tx, const std::string& structure_id, Millis now) {
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {structure_id});
  std::string zone =
      r && dates::valid_zone(r->text(0)) ? r->text(0) : std::string(dates::kDefaultZone);
  return dates::local_date(now, zone);
}

void timeline(store::Tx& tx, Random& rng, const std::string& structure_id,
              const std::string& beneficiary_id, const std::string& referral_id,
              const std::string& summary, Millis now, const std::string& actor) {
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary, "
      "occurred_at, actor_id) VALUES (?, ?, ?, 'orientation', ?, ?, ?, ?)",
      {new_id(rng), structure_id, beneficiary_id, referral_id, summary, now, actor});
}

constexpr access::links::Table kLinks{"referral_links", "referral_id"};

access::AuditEntry link_audit(const std::string& structure_id, const std::string& action,
                              const std::string& referral_id, const std::string& outcome) {
  return access::links::use_audit("partner_link", structure_id, action, "referral", referral_id,
                                  "pathway", outcome);
}

struct LinkRow {
  access::links::Link link;
  std::string referral_status;
};

std::optional<LinkRow> find_link(store::Tx& tx, const std::string& token) {
  auto l = access::links::find(tx, kLinks, token);
  if (!l) return std::nullopt;
  auto r = tx.query_one("SELECT status FROM referrals WHERE id = ?", {l->object_id});
  return LinkRow{*l, r ? r->text(0) : std::string()};
}

LinkView::State state_of(const LinkRow& l, Millis now) {
  using access::links::State;
  switch (access::links::state(l.link, now)) {
    case State::kUsed:
      return LinkView::State::kUsed;
    case State::kRevoked:
      return LinkView::State::kRevoked;
    default:
      break;
  }
  // A referral closed by the counselor revokes its link, whatever its date.
  if (l.referral_status != pathways::kReferralPending) return LinkView::State::kRevoked;
  if (access::links::state(l.link, now) == State::kExpired) return LinkView::State::kExpired;
  return LinkView::State::kOpen;
}

bool in_scope(const std::vector<std::string>& scope, std::string_view code) {
  return std::find(scope.begin(), scope.end(), code) != scope.end();
}

}  // namespace

std::vector<Error> PartnerDirectory::referral_mistakes(const ReferToService& raw) {
  std::vector<Error> out;
  std::string reason = text::trim(raw.reason), recipient = text::trim(raw.recipient);
  if (reason.empty()) {
    out.push_back(Error::invalid("Indiquez le motif de l'orientation.", "reason"));
  } else if (auto st = validation::text(reason, "reason", "Le motif", 2000); !st.ok()) {
    out.push_back(st.error());
  }
  for (const auto& c : raw.scope) {
    if (!referential::has_code(consent_scopes(), c)) {
      out.push_back(Error::invalid("Ce qui est partagé : choisissez dans la liste.", "scope"));
      break;
    }
  }
  if (!raw.consent) {
    out.push_back(Error::invalid(
        "Cochez l'accord de la personne : sans lui, rien n'est envoyé au partenaire.", "consent"));
  }
  auto at = recipient.find('@');
  if (at == std::string::npos || at == 0 || recipient.find('.', at) == std::string::npos ||
      recipient.size() > 200) {
    out.push_back(Error::invalid(
        "Indiquez l'adresse e-mail du partenaire qui recevra le lien (exemple : nom@domaine.fr).",
        "recipient"));
  }
  return out;
}

std::string PartnerDirectory::issue_link(store::Tx& tx, const std::string& structure_id,
                                         const std::string& referral_id,
                                         const std::string& recipient, const std::string& what) {
  // One open link per referral: a new one replaces the previous.
  std::string token = access::links::issue(tx, rng_, kLinks, structure_id, referral_id, recipient,
                                           clock_.now_ms(), kLinkLifetime);
  outbox::enqueue(
      tx, rng_, clock_,
      {structure_id, recipient, "Une orientation vous attend",
       "Bonjour,\n\n" + what +
           "\n\nPour voir ce que la personne a accepté de partager et répondre (accepter ou "
           "refuser), ouvrez ce lien personnel, valable 14 jours et une seule fois :\n" +
           base_url_ + "/orientation-partenaire/" + token +
           "\n\nCe message est envoyé par Jalon. Ne le transférez pas."});
  return token;
}

Result<std::string> PartnerDirectory::refer(const Session& s, const std::string& beneficiary_id,
                                            const ReferToService& raw, std::string* token) {
  ReferToService in = raw;
  in.reason = text::trim(in.reason);
  in.recipient = text::trim(in.recipient);
  if (!looks_like_id(beneficiary_id)) return Error::not_found();
  auto svc = service(s, in.service_id);
  if (!svc) return Error::invalid("Choisissez un service de l'annuaire.", "service_id");
  if (in.recipient.empty()) in.recipient = svc->recipient();
  if (auto m = referral_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.write();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  if (!tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p)) {
    return Error::not_found();
  }
  Millis now = clock_.now_ms();
  std::string day = dates::iso(today_in(tx, s.structure_id, now));
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO referrals (id, structure_id, beneficiary_id, partner, service, status, reason, "
      "answer, sent_on, created_at, created_by, updated_at, updated_by, service_id, consent_on, "
      "consent_scope) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, beneficiary_id, svc->organisation_name, svc->name,
       std::string(pathways::kReferralPending), in.reason, day, now, s.user_id, now, s.user_id,
       svc->id, day, join_codes(in.scope)});
  timeline(tx, rng_, s.structure_id, beneficiary_id, id,
           "Orientation vers " + svc->organisation_name + " — " + svc->name +
               " (lien envoyé au partenaire)",
           now, s.user_id);
  std::string t = issue_link(
      tx, s.structure_id, id, in.recipient,
      "Une personne accompagnée vous est orientée vers votre service « " + svc->name + " ».");
  audit_.record(tx,
                audit_entry(s, "create", "referral", id, "pathway",
                            "beneficiary=" + beneficiary_id + ";scope=" + join_codes(in.scope)));
  tx.commit();
  if (token) *token = t;
  return id;
}

LinkView PartnerDirectory::open_link(const std::string& token) {
  LinkView v;
  auto tx = db_.read();
  auto l = find_link(tx, token);
  if (!l) {
    tx.commit();
    return v;  // unknown: says nothing more
  }
  v.state = state_of(*l, clock_.now_ms());
  v.referral_id = l->link.object_id;
  if (v.state == LinkView::State::kOpen) {
    auto r = tx.query_one(
        "SELECT f.partner, f.service, f.reason, f.sent_on, f.consent_scope, b.first_name, "
        "b.last_name, COALESCE(b.email, ''), COALESCE(b.phone, ''), b.birth_date, "
        "COALESCE(b.commune_name, '') FROM referrals f JOIN beneficiaries b ON b.id = "
        "f.beneficiary_id WHERE f.id = ?",
        {l->link.object_id});
    store::RowReader c(*r);
    v.organisation = c.text();
    v.service = c.text();
    v.reason = c.text();
    v.sent_on = c.text();
    v.scope = split_codes(c.text());
    std::string first = c.text(), last = c.text(), email = c.text(), phone = c.text(),
                birth = c.text(), commune = c.text();
    // Only what the person agreed to share leaves the store's row for the page.
    if (in_scope(v.scope, "identite")) {
      v.first_name = first;
      v.last_name = last;
    }
    if (in_scope(v.scope, "contact")) {
      v.email = email;
      v.phone = phone;
    }
    if (in_scope(v.scope, "naissance")) v.birth_date = birth;
    if (in_scope(v.scope, "commune")) v.commune = commune;
  }
  tx.commit();
  audit_.record_async(link_audit(l->link.structure_id, "read", l->link.object_id,
                                 v.state == LinkView::State::kOpen ? "success" : "denied"));
  return v;
}

Status PartnerDirectory::answer_link(const std::string& token, const LinkAnswer& raw) {
  LinkAnswer a = raw;
  a.text = text::trim(a.text);
  auto tx = db_.write();
  auto l = find_link(tx, token);
  if (!l) return Error::not_found();  // before reading the answer: an unknown link says nothing
  Millis now = clock_.now_ms();
  if (state_of(*l, now) != LinkView::State::kOpen) {
    tx.commit();
    audit_.record_async(link_audit(l->link.structure_id, "update", l->link.object_id, "denied"));
    return Error::conflict("Ce lien ne permet plus de répondre.");
  }
  if (a.decision != "accepter" && a.decision != "refuser") {
    return Error::invalid("Choisissez d'accepter ou de refuser l'orientation.", "decision");
  }
  if (a.decision == "refuser") {
    if (auto st = validation::one_of(a.reason, decline_reasons(), "reason", "le motif du refus");
        !st.ok())
      return st.error();
  }
  if (auto st = validation::text(a.text, "text", "Le message", 2000); !st.ok()) return st.error();
  if (a.decision == "refuser" && a.reason == "autre" && a.text.empty()) {
    return Error::invalid("Précisez le motif du refus.", "text");
  }
  bool accept = a.decision == "accepter";
  std::string status = accept ? "validee" : "refusee";
  std::string answer = a.text;
  if (!accept) {
    std::string label(referential::label_of(decline_reasons(), a.reason));
    answer = answer.empty() ? label : label + " — " + answer;
  } else if (answer.empty()) {
    answer = "Orientation acceptée par le partenaire.";
  }
  std::string day = dates::iso(today_in(tx, l->link.structure_id, now));
  access::links::use(tx, kLinks, l->link.id, now);
  tx.exec(
      "UPDATE referrals SET status = ?, answer = ?, decline_reason = ?, answered_on = ?, "
      "answered_by = 'partenaire', answer_seen_at = NULL, updated_at = ? WHERE id = ?",
      {status, answer, accept ? std::string() : a.reason, day, now, l->link.object_id});
  auto r = tx.query_one("SELECT beneficiary_id, partner FROM referrals WHERE id = ?",
                        {l->link.object_id});
  timeline(tx, rng_, l->link.structure_id, r->text(0), l->link.object_id,
           r->text(1) + (accept ? " a accepté l'orientation" : " a refusé l'orientation : ") +
               (accept ? "" : answer),
           now, "");
  audit_.record(tx, link_audit(l->link.structure_id, "update", l->link.object_id, "success"));
  tx.commit();
  return ok_status();
}

bool PartnerDirectory::renew_link(const std::string& token, std::string* new_token) {
  auto tx = db_.write();
  auto l = find_link(tx, token);
  if (!l || state_of(*l, clock_.now_ms()) != LinkView::State::kExpired) return false;
  auto r = tx.query_one("SELECT service FROM referrals WHERE id = ?", {l->link.object_id});
  std::string t = issue_link(
      tx, l->link.structure_id, l->link.object_id, l->link.recipient,
      "Voici un nouveau lien pour l'orientation vers votre service « " + r->text(0) + " ».");
  audit_.record(tx, link_audit(l->link.structure_id, "renew", l->link.object_id, "success"));
  tx.commit();
  if (new_token) *new_token = t;
  return true;
}

}  // namespace jalon::partners
