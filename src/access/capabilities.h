// The capabilities routes require, as named permissions: the one place their names are
// spelled. roles.cc grants them to roles; a route names one of these constants, and a test
// checks that every capability a route requires is granted by some role.
#pragma once
#include "http/permission.h"

namespace jalon::access::capability {

inline constexpr std::string_view kStructureSettings = "structure.settings";
inline constexpr std::string_view kUsersManage = "users.manage";
inline constexpr std::string_view kTeamsManage = "teams.manage";
inline constexpr std::string_view kAuditRead = "audit.read";
inline constexpr std::string_view kPlatformStructures = "platform.structures";
inline constexpr std::string_view kBeneficiariesRead = "beneficiaries.read";
inline constexpr std::string_view kBeneficiariesWrite = "beneficiaries.write";
inline constexpr std::string_view kPathwayRead = "pathway.read";
inline constexpr std::string_view kPathwayWrite = "pathway.write";
inline constexpr std::string_view kTerritoriesRead = "territories.read";
inline constexpr std::string_view kTerritoriesWrite = "territories.write";
inline constexpr std::string_view kHealthRead = "health.read";
inline constexpr std::string_view kCaseloadManage = "caseload.manage";
inline constexpr std::string_view kJobsManage = "jobs.manage";
inline constexpr std::string_view kEmployersRead = "employers.read";
inline constexpr std::string_view kEmployersWrite = "employers.write";
// Outcomes (issue 18): the rates and exports (aggregates), and the people behind a figure.
inline constexpr std::string_view kOutcomesStats = "outcomes.stats";
inline constexpr std::string_view kOutcomesPeople = "outcomes.people";
inline constexpr std::string_view kPartnersRead = "partners.read";
inline constexpr std::string_view kPartnersWrite = "partners.write";
// Privacy operations (issue 23): a person's data export and retention clock; legal holds and
// erasure; the structure's retention settings.
inline constexpr std::string_view kPrivacyExport = "privacy.export";
inline constexpr std::string_view kPrivacyManage = "privacy.manage";
inline constexpr std::string_view kPrivacySettings = "privacy.settings";

}  // namespace jalon::access::capability

namespace jalon::access {

// Capabilities with a rule of their own in policy.cc rather than a role list.
inline constexpr std::string_view kMfaStep = "session.mfa_step";      // any session, MFA pending
inline constexpr std::string_view kLogout = "session.logout";         // any session
inline constexpr std::string_view kOwnPassword = "account.password";  // MFA done, change pending
inline bool has_own_rule(std::string_view c) {
  return c == kMfaStep || c == kLogout || c == kOwnPassword;
}

// The permissions routes use, one per capability.
inline const http::Permission kStructureSettings =
    http::Permission::capability(capability::kStructureSettings);
inline const http::Permission kUsersManage = http::Permission::capability(capability::kUsersManage);
inline const http::Permission kTeamsManage = http::Permission::capability(capability::kTeamsManage);
inline const http::Permission kAuditRead = http::Permission::capability(capability::kAuditRead);
inline const http::Permission kPlatformStructures =
    http::Permission::capability(capability::kPlatformStructures);
inline const http::Permission kBeneficiariesRead =
    http::Permission::capability(capability::kBeneficiariesRead);
inline const http::Permission kBeneficiariesWrite =
    http::Permission::capability(capability::kBeneficiariesWrite);
inline const http::Permission kPathwayRead = http::Permission::capability(capability::kPathwayRead);
inline const http::Permission kEmployersRead =
    http::Permission::capability(capability::kEmployersRead);
inline const http::Permission kEmployersWrite =
    http::Permission::capability(capability::kEmployersWrite);
inline const http::Permission kPathwayWrite =
    http::Permission::capability(capability::kPathwayWrite);
inline const http::Permission kTerritoriesRead =
    http::Permission::capability(capability::kTerritoriesRead);
inline const http::Permission kTerritoriesWrite =
    http::Permission::capability(capability::kTerritoriesWrite);
inline const http::Permission kHealthRead = http::Permission::capability(capability::kHealthRead);
inline const http::Permission kCaseloadManage =
    http::Permission::capability(capability::kCaseloadManage);
inline const http::Permission kJobsManage = http::Permission::capability(capability::kJobsManage);
inline const http::Permission kOutcomesStats =
    http::Permission::capability(capability::kOutcomesStats);
inline const http::Permission kOutcomesPeople =
    http::Permission::capability(capability::kOutcomesPeople);
inline const http::Permission kPartnersRead =
    http::Permission::capability(capability::kPartnersRead);
inline const http::Permission kPartnersWrite =
    http::Permission::capability(capability::kPartnersWrite);
inline const http::Permission kPrivacyExport =
    http::Permission::capability(capability::kPrivacyExport);
inline const http::Permission kPrivacyManage =
    http::Permission::capability(capability::kPrivacyManage);
inline const http::Permission kPrivacySettings =
    http::Permission::capability(capability::kPrivacySettings);

}  // namespace jalon::access
