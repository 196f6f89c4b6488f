// PartnerDirectory: what a person's record shares and with whom. The viewers are those access
// lets in (the référents and co-référents, the coordinators of their teams or of the whole
// structure) and the partner users of organisations the person was referred to (the consented
// fields only); the shares are the referrals to the directory's services with the consent (date
// and scope), the answer, and whether a partner link is still usable.
#include "access/policy.h"
#include "partners/codes.h"
#include "partners/service.h"
#include "store/row_reader.h"

namespace jalon::partners {

using access::Session;

std::vector<ShareEntry> PartnerDirectory::shares(const Session& s, const std::string& id) {
  std::vector<ShareEntry> out;
  if (!visible(s, id)) return out;
  auto tx = db_.read();
  Millis now = clock_.now_ms();
  for (const auto& row : tx.query(
           "SELECT f.id, f.partner, f.service, COALESCE(f.consent_on, ''), f.status, "
           "COALESCE(f.answered_on, ''), f.consent_scope, COALESCE(v.organisation_id, ''), "
           "EXISTS (SELECT 1 FROM referral_links l WHERE l.referral_id = f.id AND l.used_at IS "
           "NULL AND l.revoked_at IS NULL AND l.expires_at > ?) FROM referrals f LEFT JOIN "
           "partner_services v ON v.id = f.service_id WHERE f.beneficiary_id = ? AND "
           "f.structure_id = ? AND f.consent_on IS NOT NULL ORDER BY f.consent_on DESC, "
           "f.created_at DESC",
           {now, id, s.structure_id})) {
    store::RowReader r(row);
    ShareEntry e;
    e.referral_id = r.text();
    e.organisation = r.text();
    e.service = r.text();
    e.consent_on = r.text();
    e.status = r.text();
    e.answered_on = r.text();
    e.scope = split_codes(r.text());
    std::string org = r.text();
    e.link_open = r.i64() != 0 && e.status == "en_cours";
    if (!org.empty()) {
      for (const auto& m :
           tx.query("SELECT u.display_name FROM partner_members m JOIN users u ON u.id = m.user_id "
                    "WHERE m.organisation_id = ? AND u.disabled_at IS NULL ORDER BY u.display_name",
                    {org})) {
        e.members.push_back(m.text(0));
      }
    }
    out.push_back(std::move(e));
  }
  tx.commit();
  return out;
}

std::vector<Viewer> PartnerDirectory::viewers(const Session& s, const std::string& id) {
  std::vector<Viewer> out;
  if (!visible(s, id)) return out;
  auto tx = db_.read();
  for (const auto& r : tx.query(
           "SELECT u.display_name, cm.kind, COALESCE(t.name, '') FROM caseload_members cm JOIN "
           "users u ON u.id = cm.user_id LEFT JOIN teams t ON t.id = u.team_id WHERE "
           "cm.beneficiary_id = ? AND u.disabled_at IS NULL ORDER BY cm.kind DESC, "
           "u.display_name",
           {id})) {
    bool referent = r.text(1) == "referent";
    out.push_back({r.text(0), std::string(access::role_label(access::Role::kCounselor)),
                   std::string(referent ? "Référent·e" : "Co-référent·e") +
                       (r.text(2).empty() ? "" : " (équipe " + r.text(2) + ")")});
  }
  for (const auto& r : tx.query(
           "SELECT u.display_name, COALESCE(t.name, '') FROM users u LEFT JOIN teams t ON t.id = "
           "u.team_id WHERE u.structure_id = ? AND u.role = 'coordinator' AND u.disabled_at IS "
           "NULL AND (u.team_id IS NULL OR EXISTS (SELECT 1 FROM caseload_members cm JOIN users "
           "cu ON cu.id = cm.user_id WHERE cm.beneficiary_id = ? AND cu.team_id = u.team_id)) "
           "ORDER BY u.display_name",
           {s.structure_id, id})) {
    out.push_back({r.text(0), std::string(access::role_label(access::Role::kCoordinator)),
                   r.text(1).empty() ? "Coordination de toute la structure"
                                     : "Coordination de l'équipe " + r.text(1)});
  }
  for (const auto& r : tx.query(
           "SELECT DISTINCT u.display_name, o.name FROM referrals f JOIN partner_services v ON "
           "v.id = f.service_id JOIN partner_members m ON m.organisation_id = v.organisation_id "
           "JOIN users u ON u.id = m.user_id JOIN partner_organisations o ON o.id = "
           "v.organisation_id WHERE f.beneficiary_id = ? AND f.structure_id = ? AND "
           "u.disabled_at IS NULL ORDER BY o.name, u.display_name",
           {id, s.structure_id})) {
    out.push_back(
        {r.text(0), std::string(access::role_label(access::Role::kPartner)),
         r.text(1) + " : ce que la personne a accepté de partager, pour ses orientations"});
  }
  tx.commit();
  return out;
}

}  // namespace jalon::partners
