// PartnerDirectory: partner users. A Jalon user with the partner role is attached to one
// organisation of the directory; their inbox holds the referrals addressed to its services,
// each showing only what the person agreed to share, and they answer there as on the link.
#include "access/policy.h"
#include "core/text.h"
#include "partners/codes.h"
#include "partners/service.h"
#include "pathways/referentials.h"
#include "store/row_reader.h"

namespace jalon::partners {

using access::audit_entry;
using access::Session;

namespace {

bool in_scope(const std::vector<std::string>& scope, std::string_view code) {
  return std::find(scope.begin(), scope.end(), code) != scope.end();
}

// The referral when it is addressed to the partner's organisation: its status.
std::optional<std::string> inbox_status(store::Tx& tx, const Session& s,
                                        const std::string& referral_id) {
  if (s.role != access::Role::kPartner || !looks_like_id(referral_id)) return std::nullopt;
  auto r = tx.query_one(
      "SELECT f.status FROM referrals f JOIN partner_services v ON v.id = f.service_id JOIN "
      "partner_members m ON m.organisation_id = v.organisation_id WHERE f.id = ? AND m.user_id = "
      "? AND f.structure_id = ? AND m.structure_id = ?",
      {referral_id, s.user_id, s.structure_id, s.structure_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

}  // namespace

Status PartnerDirectory::attach_member(const Session& s, const std::string& organisation_id,
                                       const std::string& user_id) {
  if (!looks_like_id(organisation_id)) return Error::not_found();
  auto tx = db_.write();
  if (!tx.query_one("SELECT 1 FROM partner_organisations WHERE id = ? AND structure_id = ?",
                    {organisation_id, s.structure_id})) {
    return Error::not_found();
  }
  auto u = tx.query_one(
      "SELECT role FROM users WHERE id = ? AND structure_id = ? AND disabled_at IS NULL",
      {user_id, s.structure_id});
  if (!u) return Error::invalid("Choisissez un compte partenaire de la liste.", "user_id");
  if (u->text(0) != access::role_code(access::Role::kPartner)) {
    return Error::invalid("Seul un compte au rôle « Partenaire » peut être rattaché.", "user_id");
  }
  tx.exec("DELETE FROM partner_members WHERE user_id = ?", {user_id});
  tx.exec(
      "INSERT INTO partner_members (user_id, structure_id, organisation_id, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?)",
      {user_id, s.structure_id, organisation_id, clock_.now_ms(), s.user_id});
  audit_.record(tx, audit_entry(s, "create", "partner_member", user_id, "security",
                                "organisation=" + organisation_id));
  tx.commit();
  return ok_status();
}

Status PartnerDirectory::detach_member(const Session& s, const std::string& organisation_id,
                                       const std::string& user_id) {
  auto tx = db_.write();
  if (tx.exec("DELETE FROM partner_members WHERE user_id = ? AND organisation_id = ? AND "
              "structure_id = ?",
              {user_id, organisation_id, s.structure_id}) != 1) {
    return Error::not_found();
  }
  audit_.record(tx, audit_entry(s, "delete", "partner_member", user_id, "security",
                                "organisation=" + organisation_id));
  tx.commit();
  return ok_status();
}

std::vector<Member> PartnerDirectory::members(const Session& s,
                                              const std::string& organisation_id) {
  auto tx = db_.read();
  std::vector<Member> out;
  for (const auto& r : tx.query(
           "SELECT u.id, u.display_name, u.email FROM partner_members m JOIN users u ON u.id = "
           "m.user_id WHERE m.organisation_id = ? AND m.structure_id = ? ORDER BY u.display_name",
           {organisation_id, s.structure_id})) {
    out.push_back({r.text(0), r.text(1), r.text(2)});
  }
  tx.commit();
  return out;
}

std::vector<Member> PartnerDirectory::unattached_partners(const Session& s) {
  auto tx = db_.read();
  std::vector<Member> out;
  for (const auto& r : tx.query(
           "SELECT u.id, u.display_name, u.email FROM users u WHERE u.structure_id = ? AND "
           "u.role = ? AND u.disabled_at IS NULL AND NOT EXISTS (SELECT 1 FROM partner_members "
           "m WHERE m.user_id = u.id) ORDER BY u.display_name",
           {s.structure_id, std::string(access::role_code(access::Role::kPartner))})) {
    out.push_back({r.text(0), r.text(1), r.text(2)});
  }
  tx.commit();
  return out;
}

std::string PartnerDirectory::member_organisation(const Session& s) {
  auto tx = db_.read();
  auto r = tx.query_one(
      "SELECT o.name FROM partner_members m JOIN partner_organisations o ON o.id = "
      "m.organisation_id WHERE m.user_id = ? AND m.structure_id = ?",
      {s.user_id, s.structure_id});
  tx.commit();
  return r ? r->text(0) : "";
}

std::vector<InboxItem> PartnerDirectory::inbox(const Session& s) {
  std::vector<InboxItem> out;
  if (s.role != access::Role::kPartner) return out;
  auto tx = db_.read();
  for (const auto& row : tx.query(
           "SELECT f.id, f.service, f.status, f.sent_on, COALESCE(f.answered_on, ''), f.answer, "
           "f.reason, f.consent_scope, b.first_name, b.last_name FROM referrals f JOIN "
           "partner_services v ON v.id = f.service_id JOIN partner_members m ON "
           "m.organisation_id = v.organisation_id JOIN beneficiaries b ON b.id = "
           "f.beneficiary_id WHERE m.user_id = ? AND f.structure_id = ? AND m.structure_id = ? "
           "ORDER BY f.sent_on DESC, f.created_at DESC LIMIT 200",
           {s.user_id, s.structure_id, s.structure_id})) {
    store::RowReader r(row);
    InboxItem i;
    i.referral_id = r.text();
    i.service = r.text();
    i.status = r.text();
    i.sent_on = r.text();
    i.answered_on = r.text();
    i.answer = r.text();
    i.reason = r.text();
    auto scope = split_codes(r.text());
    std::string first = r.text(), last = r.text();
    if (in_scope(scope, "identite")) i.person = first + " " + last;
    out.push_back(std::move(i));
  }
  tx.commit();
  audit_.record_async(
      audit_entry(s, "read", "referral", "", "pathway", "inbox=" + std::to_string(out.size())));
  return out;
}

LinkView PartnerDirectory::inbox_referral(const Session& s, const std::string& id) {
  LinkView v;
  auto tx = db_.read();
  auto status = inbox_status(tx, s, id);
  if (!status) {
    tx.commit();
    audit_.record_async([&] {
      auto e = audit_entry(s, "read", "referral", looks_like_id(id) ? id : "", "pathway");
      e.outcome = "denied";
      return e;
    }());
    return v;
  }
  v.referral_id = id;
  v.state = *status == pathways::kReferralPending ? LinkView::State::kOpen : LinkView::State::kUsed;
  consented_view(tx, id, v);
  auto r = tx.query_one("SELECT status, answer FROM referrals WHERE id = ?", {id});
  v.status = r->text(0);
  v.answer = r->text(1);
  tx.commit();
  audit_.record_async(audit_entry(s, "read", "referral", id, "pathway"));
  return v;
}

Status PartnerDirectory::answer_inbox(const Session& s, const std::string& id,
                                      const LinkAnswer& raw) {
  LinkAnswer a = raw;
  a.text = text::trim(a.text);
  auto tx = db_.write();
  auto status = inbox_status(tx, s, id);
  if (!status) return Error::not_found();
  if (*status != pathways::kReferralPending) {
    return Error::conflict("Cette orientation a déjà reçu une réponse ou est close.");
  }
  if (auto st = answer_mistakes(a); !st.ok()) return st;
  Millis now = clock_.now_ms();
  access::SingleUseLinks(kReferralLinks).revoke(tx, id, now);  // the link has nothing left to do
  record_answer(tx, s.structure_id, id, a, now);
  audit_.record(tx, audit_entry(s, "update", "referral", id, "pathway", "answer=" + a.decision));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::partners
