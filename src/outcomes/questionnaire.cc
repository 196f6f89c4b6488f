// The follow-up questionnaire (O4): the counselor sends the person a single-use link that
// expires in 30 days (access/single_use_link.h, the mechanism of the partners' referral links). The
// page asks four things only — situation now, contract length, job, employer — and shows nothing of
// the record; the answer lands on the follow-up as "renseigné" (the counselor may complete the
// target job afterwards). Uses are audited with the actor role `followup_link`, never the token.
#include "access/policy.h"
#include "access/single_use_link.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "outbox/outbox.h"
#include "outcomes/service.h"
#include "store/row_reader.h"

namespace jalon::outcomes {
namespace {

const access::SingleUseLinks kLinks({"followup_links", "followup_id"});

QuestionnaireView::State view_state(access::LinkState s) {
  using State = access::LinkState;
  switch (s) {
    case State::kOpen:
      return QuestionnaireView::State::kOpen;
    case State::kUsed:
      return QuestionnaireView::State::kUsed;
    case State::kExpired:
      return QuestionnaireView::State::kExpired;
    case State::kRevoked:
      return QuestionnaireView::State::kRevoked;
    default:
      return QuestionnaireView::State::kUnknown;
  }
}

// A link is open only while its follow-up is still to do (answered by the counselor, or void
// after a re-entry: the link stops working).
access::LinkState link_state(store::Tx& tx, const access::LinkRecord& l, Millis now) {
  auto st = l.state(now);
  if (st != access::LinkState::kOpen) return st;
  auto f = tx.query_one("SELECT status FROM exit_followups WHERE id = ?", {l.object_id});
  return f && f->text(0) == kToDo ? st : access::LinkState::kRevoked;
}

access::AuditEntry link_audit(const access::LinkRecord& l, std::string_view action,
                              std::string_view outcome) {
  return access::link_audit_entry("followup_link", l.structure_id, std::string(action),
                                  "exit_followup", l.object_id, "outcomes", std::string(outcome));
}

}  // namespace

Result<QuestionnaireSent> OutcomeService::send_questionnaire(const access::Session& s,
                                                             const std::string& id,
                                                             const std::string& base_url,
                                                             std::string* token) {
  auto tx = db_.write();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto row = tx.query_one(
      "SELECT f.status, f.beneficiary_id, COALESCE(b.email, ''), b.first_name, st.name"
      " FROM exit_followups f JOIN beneficiaries b ON b.id = f.beneficiary_id"
      " JOIN structures st ON st.id = f.structure_id WHERE f.id = ? AND " +
          cond,
      p);
  if (!row) return Error::not_found();
  store::RowReader r(*row);
  std::string status = r.text(), person = r.text(), email = text::trim(r.text()), first = r.text(),
              structure = r.text();
  if (status != kToDo) {
    return Error::conflict(
        "Ce suivi n'est plus à faire : le questionnaire ne peut pas être envoyé.");
  }
  if (email.find('@') == std::string::npos) {
    return Error::invalid(
        "La personne n'a pas d'adresse e-mail dans son dossier : ajoutez-la pour envoyer le "
        "questionnaire.",
        "email");
  }
  Millis now = clock_.now_ms();
  std::string t = kLinks.issue(tx, rng_, s.structure_id, id, email, now, kQuestionnaireLifetime);
  outbox::enqueue(tx, rng_, clock_,
                  {s.structure_id, email, "Où en êtes-vous ? Quatre questions de " + structure,
                   "Bonjour " + first + ",\n\n" + structure +
                       " vous a accompagné·e et aimerait savoir où vous en êtes aujourd'hui : "
                       "votre situation, votre contrat, votre métier et votre employeur.\n\n"
                       "Répondez en une minute avec ce lien personnel, valable 30 jours et une "
                       "seule fois :\n" +
                       base_url + "/questionnaire-suivi/" + t +
                       "\n\nCe message est envoyé par Jalon. Ne le transférez pas."});
  audit_.record(
      tx, access::audit_entry(s, "send", "exit_followup", person, "outcomes", "questionnaire"));
  tx.commit();
  if (token) *token = t;
  return QuestionnaireSent{email, now + kQuestionnaireLifetime};
}

std::optional<QuestionnaireSent> OutcomeService::questionnaire_sent(const access::Session& s,
                                                                    const std::string& id) {
  auto tx = db_.read();
  store::Params p{id, clock_.now_ms()};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto row = tx.query_one(
      "SELECT l.recipient, l.expires_at FROM followup_links l JOIN exit_followups f ON f.id ="
      " l.followup_id JOIN beneficiaries b ON b.id = f.beneficiary_id WHERE l.followup_id = ?"
      " AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > ? AND " +
          cond + " ORDER BY l.created_at DESC LIMIT 1",
      p);
  if (!row) return std::nullopt;
  return QuestionnaireSent{row->text(0), row->i64(1)};
}

QuestionnaireView OutcomeService::open_questionnaire(const std::string& token) {
  QuestionnaireView v;
  auto tx = db_.read();
  auto l = kLinks.find(tx, token);
  if (!l) return v;  // unknown: says nothing more
  auto st = link_state(tx, *l, clock_.now_ms());
  tx.commit();
  v.state = view_state(st);
  audit_.record_async(
      link_audit(*l, "read", st == access::LinkState::kOpen ? "success" : "denied"));
  return v;
}

std::vector<Error> OutcomeService::questionnaire_mistakes(const QuestionnaireAnswer& a) const {
  std::vector<Error> out;
  validation::Mistakes m{out};
  m.add(validation::one_of(a.situation, situations(), "situation", "votre situation"));
  if (!a.contract_months.empty()) {
    auto n = validation::integer(a.contract_months, "contract_months", "Durée du contrat (mois)", 1,
                                 120);
    if (!n.ok()) m.add(n.error());
  }
  m.add(validation::text(a.job_label, "job_label", "le métier", 200));
  m.add(validation::text(a.employer, "employer", "l'employeur", 200));
  return out;
}

Status OutcomeService::answer_questionnaire(const std::string& token,
                                            const QuestionnaireAnswer& a) {
  auto tx = db_.write();
  auto l = kLinks.find(tx, token);
  if (!l) return Error::not_found();  // before reading the answer: an unknown link says nothing
  Millis now = clock_.now_ms();
  if (link_state(tx, *l, now) != access::LinkState::kOpen) {
    tx.commit();
    audit_.record_async(link_audit(*l, "update", "denied"));
    return Error::conflict("Ce lien ne permet plus de répondre.");
  }
  if (auto m = questionnaire_mistakes(a); !m.empty()) return validation::Mistakes{m}.status();
  auto f = tx.query_one(
      "SELECT f.exit_id, st.time_zone FROM exit_followups f JOIN structures st ON st.id ="
      " f.structure_id WHERE f.id = ?",
      {l->object_id});
  std::string zone =
      f && dates::valid_zone(f->text(1)) ? f->text(1) : std::string(dates::kDefaultZone);
  std::string today = dates::iso(dates::local_date(now, zone));
  std::optional<int> months;
  if (!a.contract_months.empty()) months = std::stoi(a.contract_months);
  tx.exec(
      "UPDATE exit_followups SET status = ?, situation = ?, contract_months = ?,"
      " in_target_job = NULL, employer = ?, job_label = ?, answered_on = ?, recorded_at = ?,"
      " recorded_by = NULL, opened_at = COALESCE(opened_at, ?) WHERE id = ?",
      {std::string(kAnswered), a.situation, months ? store::Value(*months) : store::Value(),
       text::trim(a.employer), text::trim(a.job_label), today, now, now, l->object_id});
  kLinks.consume(tx, *l, now);
  exits_changed(tx, l->structure_id, {f->text(0)});
  audit_.record(tx, link_audit(*l, "update", "success"));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::outcomes
