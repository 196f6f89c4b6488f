#include "access/roles.h"

#include <algorithm>

#include "access/capabilities.h"
#include "access/capabilities_partners.h"

namespace jalon::access {
namespace {

struct Grant {
  std::string_view capability;
  std::vector<Role> roles;
};

// The permission table. Capabilities that any signed-in user has (own account, MFA step,
// logout) are Permission::authenticated() routes and are not listed here.
const std::vector<Grant>& grants() {
  using R = Role;
  static const std::vector<Grant> table = {
      {capability::kStructureSettings, {R::kStructureAdmin}},
      {capability::kUsersManage, {R::kStructureAdmin}},
      {capability::kTeamsManage, {R::kStructureAdmin}},
      {capability::kAuditRead, {R::kStructureAdmin}},
      {capability::kPlatformStructures, {R::kPlatformAdmin}},
      // Case content is for the people who accompany the person (SR 34): the counselor, and
      // the coordinator within their team. The structure admin manages accounts and settings
      // and reads none of it (issue 12 §4).
      // Beneficiary records, within access::Scope (caseload or team).
      {capability::kBeneficiariesRead, {R::kCounselor, R::kCoordinator}},
      {capability::kBeneficiariesWrite, {R::kCounselor, R::kCoordinator}},
      // Pathway: appointments, agenda, interview reports, diagnoses, documents, timeline and
      // bilan, within access::Scope through the beneficiary. Agenda feeds are personal: their
      // owner only, checked on the object.
      {capability::kPathwayRead, {R::kCounselor, R::kCoordinator}},
      {capability::kPathwayWrite, {R::kCounselor, R::kCoordinator}},
      // Territories of the structure (named sets of communes) and what is built on them.
      {capability::kTerritoriesRead, {R::kCounselor, R::kCoordinator, R::kStructureAdmin}},
      {capability::kTerritoriesWrite, {R::kCounselor, R::kCoordinator, R::kStructureAdmin}},
      // Health module (SR 2): the record's referent only, checked on the object.
      {capability::kHealthRead, {R::kCounselor, R::kCoordinator}},
      // Reassigning a departing counselor's whole caseload in one action (issue 14).
      {capability::kCaseloadManage, {R::kCoordinator}},
      // Jobs (issue 15): the structure admin sees and retries its structure's jobs, the
      // platform admin every job.
      {capability::kJobsManage, {R::kStructureAdmin, R::kPlatformAdmin}},
      // Employers (issue 17): the structure's relation, contacts and prospecting, shared by its
      // counselors and coordinators; applications stay within access::Scope of the person.
      {capability::kEmployersRead, {R::kCounselor, R::kCoordinator}},
      {capability::kEmployersWrite, {R::kCounselor, R::kCoordinator}},
      // Outcomes (issue 18): the structure's rates and aggregate exports for coordinators,
      // directors (structure admins) and funders; the people behind a figure and the
      // per-person export for coordinators, within their scope.
      {capability::kOutcomesStats, {R::kCoordinator, R::kStructureAdmin, R::kFunder}},
      {capability::kOutcomesPeople, {R::kCoordinator}},
      // Partners directory (issue 19): the structure's organisations and services; referrals
      // to them stay under pathway.write and access::Scope.
      {capability::kPartnersRead, {R::kCounselor, R::kCoordinator}},
      {capability::kPartnersWrite, {R::kCounselor, R::kCoordinator}},
      // Privacy (issue 23): the référent exports a person's data and sees the retention clock;
      // coordinators put legal holds and carry out erasure; the structure admin sets retention.
      {capability::kPrivacyExport, {R::kCounselor, R::kCoordinator}},
      {capability::kPrivacyManage, {R::kCoordinator}},
      {capability::kPrivacySettings, {R::kStructureAdmin}},
      // A partner user answers the referrals addressed to their organisation, and sees only
      // what each consent shared; a coordinator attaches partner users to an organisation.
      {capability::kPartnersInbox, {R::kPartner}},
      {capability::kPartnersMembers, {R::kCoordinator}},
  };
  return table;
}

}  // namespace

std::string_view role_code(Role r) {
  switch (r) {
    case Role::kCounselor:
      return "counselor";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kStructureAdmin:
      return "structure_admin";
    case Role::kPartner:
      return "partner";
    case Role::kFunder:
      return "funder";
    case Role::kPlatformAdmin:
      return "platform_admin";
  }
  return "";
}

std::string_view role_label(Role r) {
  switch (r) {
    case Role::kCounselor:
      return "Conseiller·ère";
    case Role::kCoordinator:
      return "Coordinateur·rice";
    case Role::kStructureAdmin:
      return "Administrateur·rice de la structure";
    case Role::kPartner:
      return "Partenaire";
    case Role::kFunder:
      return "Financeur";
    case Role::kPlatformAdmin:
      return "Administrateur·rice de la plateforme";
  }
  return "";
}

std::vector<Role> all_roles() {
  return {Role::kCounselor, Role::kCoordinator, Role::kStructureAdmin,
          Role::kPartner,   Role::kFunder,      Role::kPlatformAdmin};
}

std::vector<Role> structure_roles() {
  return {Role::kCounselor, Role::kCoordinator, Role::kStructureAdmin, Role::kPartner,
          Role::kFunder};
}

std::optional<Role> parse_role(std::string_view code) {
  for (Role r : all_roles()) {
    if (role_code(r) == code) return r;
  }
  return std::nullopt;
}

bool requires_mfa(Role) {
  return true;  // funders included: they see the structure's figures (issue 12 §15)
}

bool role_has(Role r, std::string_view capability) {
  for (const auto& g : grants()) {
    if (g.capability == capability) {
      return std::find(g.roles.begin(), g.roles.end(), r) != g.roles.end();
    }
  }
  return false;  // unknown capability: deny
}

std::vector<std::string> known_capabilities() {
  std::vector<std::string> out;
  for (const auto& g : grants()) out.emplace_back(g.capability);
  return out;
}

}  // namespace jalon::access
