// Roles, their French labels, and the capabilities each grants. This table is the one place
// that says who may do what; routes name a capability, the policy layer looks it up here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jalon::access {

enum class Role {
  kCounselor,       // conseiller·ère: their caseload
  kCoordinator,     // coordinateur·rice: their team's caseload (the structure's without a team)
  kStructureAdmin,  // administrateur·rice de structure: settings, users, teams, audit; no case
                    // content (SR 34)
  kPartner,         // partenaire: only what is shared with their organisation
  kFunder,          // financeur: aggregates only
  kPlatformAdmin,   // administrateur·rice de la plateforme: structures
  // Later: kBeneficiary (self-access to their own record, read-only).
};

std::string_view role_code(Role r);   // stable code stored in the database
std::string_view role_label(Role r);  // French label shown to users
std::optional<Role> parse_role(std::string_view code);
std::vector<Role> all_roles();
// Roles a structure admin may give (not platform admin).
std::vector<Role> structure_roles();

// TOTP is required for every role that can read beneficiary data and for admin roles (SR 24),
// and for funders too: every staff role signs in with a second factor.
bool requires_mfa(Role r);

// Capabilities granted by a role. Capability names are "<domain>.<verb>".
bool role_has(Role r, std::string_view capability);
// Every capability the table knows (the route-coverage test checks routes only use these).
std::vector<std::string> known_capabilities();

}  // namespace jalon::access
