// PathwayService: referrals (orientations) to a partner structure or service, with the
// partner's answer and a follow-up date.
#include "access/links.h"
#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "pathways/referentials.h"
#include "pathways/service.h"
#include "pathways/service_internal.h"
#include "store/row_reader.h"

namespace jalon::pathways {

using access::audit_entry;
using access::Session;
using dates::french_date;
using detail::nullable;
using detail::optional_date;

namespace {

constexpr const char* kReferralColumns =
    "r.id, r.beneficiary_id, r.partner, r.service, r.status, r.reason, r.answer, r.sent_on, "
    "COALESCE(r.follow_up_on, ''), COALESCE(r.answered_on, ''), r.created_at, r.updated_at, "
    "COALESCE(r.service_id, ''), COALESCE(r.consent_on, ''), r.consent_scope, r.answered_by, "
    "r.decline_reason FROM referrals r JOIN beneficiaries b ON b.id = r.beneficiary_id ";

Referral referral_from(const store::Row& r, dates::Date today) {
  store::RowReader c(r);
  Referral f{c.text(), c.text(), c.text(), c.text(), c.text(), c.text(),
             c.text(), c.text(), c.text(), c.text(), c.i64(),  c.i64()};
  f.service_id = c.text();
  f.consent_on = c.text();
  f.consent_scope = c.text();
  f.answered_by = c.text();
  f.decline_reason = c.text();
  f.follow_up_due = follow_up_due(f.status, f.follow_up_on, today);
  return f;
}

Result<ReferralInput> check_referral(ReferralInput in, dates::Date today) {
  in.partner = text::trim(in.partner);
  if (in.partner.empty()) {
    return Error::invalid("Indiquez la structure ou le service vers qui la personne est orientée.",
                          "partner");
  }
  if (auto st = validation::text(in.partner, "partner", "La structure", 150); !st.ok()) {
    return st.error();
  }
  in.service = text::trim(in.service);
  if (auto st = validation::text(in.service, "service", "Le service", 150); !st.ok()) {
    return st.error();
  }
  if (!has_code(referral_statuses(), in.status)) {
    return Error::invalid("Choisissez le statut de l'orientation dans la liste.", "status");
  }
  in.reason = text::trim(in.reason);
  if (in.reason.empty()) return Error::invalid("Indiquez le motif de l'orientation.", "reason");
  if (auto st = validation::text(in.reason, "reason", "Le motif", 2000); !st.ok())
    return st.error();
  in.answer = text::trim(in.answer);
  if (auto st = validation::text(in.answer, "answer", "La réponse", 2000); !st.ok()) {
    return st.error();
  }
  if ((in.status == "validee" || in.status == "refusee") && in.answer.empty()) {
    return Error::invalid(
        "Indiquez la réponse du partenaire : ce qui est convenu, ou le motif du refus.", "answer");
  }
  if (in.sent_on.empty()) return Error::invalid("Indiquez la date de l'orientation.", "sent_on");
  auto sent = optional_date(in.sent_on, "sent_on", today, 1);
  if (!sent.ok()) return sent.error();
  if (*dates::parse_iso_date(*sent) > today) {
    return Error::invalid("La date de l'orientation ne peut pas être dans le futur.", "sent_on");
  }
  in.sent_on = *sent;
  auto follow = optional_date(in.follow_up_on, "follow_up_on", today, 2);
  if (!follow.ok()) return follow.error();
  if (!follow->empty() && *follow < in.sent_on) {
    return Error::invalid("La date de relance doit suivre la date de l'orientation.",
                          "follow_up_on");
  }
  in.follow_up_on = *follow;
  return in;
}

}  // namespace

std::optional<Referral> PathwayService::load_referral(store::Tx& tx, const Session& s,
                                                      const std::string& id, dates::Date today) {
  if (!looks_like_id(id)) return std::nullopt;
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto r =
      tx.query_one(std::string("SELECT ") + kReferralColumns + "WHERE r.id = ? AND " + cond, p);
  if (!r) return std::nullopt;
  return referral_from(*r, today);
}

Result<std::string> PathwayService::add_referral(const Session& s,
                                                 const std::string& beneficiary_id,
                                                 const ReferralInput& raw) {
  dates::Date now_day = today(s);
  ReferralInput start = raw;
  if (start.status.empty()) start.status = kReferralPending;
  auto tx = db_.write();
  if (!visible(tx, s, beneficiary_id)) return Error::not_found();
  auto in = check_referral(start, now_day);
  if (!in.ok()) return in.error();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  std::string answered = in->status == kReferralPending ? "" : dates::iso(now_day);
  tx.exec(
      "INSERT INTO referrals (id, structure_id, beneficiary_id, partner, service, status, "
      "reason, answer, sent_on, follow_up_on, answered_on, created_at, created_by, updated_at, "
      "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, beneficiary_id, in->partner, in->service, in->status, in->reason,
       in->answer, in->sent_on, nullable(in->follow_up_on), nullable(answered), now, s.user_id, now,
       s.user_id});
  event(tx, s, beneficiary_id, "orientation", id,
        "Orientation vers " + in->partner + " (" +
            std::string(label_of(referral_statuses(), in->status)) + ")");
  audit_.record(
      tx, audit_entry(s, "create", "referral", id, "pathway", "beneficiary=" + beneficiary_id));
  tx.commit();
  return id;
}

Status PathwayService::update_referral(const Session& s, const std::string& id,
                                       const ReferralInput& raw) {
  dates::Date now_day = today(s);
  auto tx = db_.write();
  auto before = load_referral(tx, s, id, now_day);
  if (!before) return Error::not_found();
  auto in = check_referral(raw, now_day);
  if (!in.ok()) return in.error();
  // The answer date is the day the status left "en cours" (kept while it stays answered).
  std::string answered = before->answered_on;
  if (in->status == kReferralPending) {
    answered.clear();
  } else if (before->status == kReferralPending || answered.empty()) {
    answered = dates::iso(now_day);
  }
  tx.exec(
      "UPDATE referrals SET partner = ?, service = ?, status = ?, reason = ?, answer = ?, "
      "sent_on = ?, follow_up_on = ?, answered_on = ?, updated_at = ?, updated_by = ? WHERE id "
      "= ?",
      {in->partner, in->service, in->status, in->reason, in->answer, in->sent_on,
       nullable(in->follow_up_on), nullable(answered), clock_.now_ms(), s.user_id, id});
  std::string summary = "Orientation vers " + in->partner;
  if (in->status != before->status) {
    summary += " : " + std::string(label_of(referral_statuses(), before->status)) + " → " +
               std::string(label_of(referral_statuses(), in->status));
  } else {
    summary += " modifiée";
  }
  if (!in->follow_up_on.empty() && in->follow_up_on != before->follow_up_on) {
    summary += ", relance le " + french_date(in->follow_up_on);
  }
  event(tx, s, before->beneficiary_id, "orientation", id, summary);
  if (in->status != kReferralPending) {
    // A closed referral's partner link stops working (issue 19).
    access::links::revoke(tx, {"referral_links", "referral_id"}, id, clock_.now_ms());
  }
  audit_.record(tx, audit_entry(s, "update", "referral", id, "pathway", "status=" + in->status));
  tx.commit();
  return ok_status();
}

std::optional<Referral> PathwayService::referral(const Session& s, const std::string& id) {
  dates::Date now_day = today(s);
  auto tx = db_.write();
  auto r = load_referral(tx, s, id, now_day);
  // The counselor has read the partner's answer: its to-do item resolves.
  if (r && r->answered_by == "partenaire") {
    tx.exec("UPDATE referrals SET answer_seen_at = ? WHERE id = ? AND answer_seen_at IS NULL",
            {clock_.now_ms(), id});
  }
  tx.commit();
  if (r) audit_.record_async(audit_entry(s, "read", "referral", id, "pathway"));
  return r;
}

std::vector<Referral> PathwayService::referrals(const Session& s,
                                                const std::string& beneficiary_id) {
  dates::Date now_day = today(s);
  auto tx = db_.read();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::vector<Referral> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kReferralColumns + "WHERE r.beneficiary_id = ? AND " +
                    cond + " ORDER BY r.sent_on DESC, r.created_at DESC",
                p)) {
    out.push_back(referral_from(r, now_day));
  }
  tx.commit();
  audit_read(s, beneficiary_id, "referrals");
  return out;
}

}  // namespace jalon::pathways
