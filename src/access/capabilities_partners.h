// The partner users' capabilities (issue 19), spelled here rather than in capabilities.h only so
// that adding them did not rebuild every file including capabilities.h on the helpers' shared
// machine; fold them into capabilities.h when convenient (same names, same values).
#pragma once
#include "http/permission.h"

namespace jalon::access::capability {
// A partner user's inbox (the referrals addressed to their organisation), and attaching
// partner users to an organisation of the directory.
inline constexpr std::string_view kPartnersInbox = "partners.inbox";
inline constexpr std::string_view kPartnersMembers = "partners.members";
}  // namespace jalon::access::capability

namespace jalon::access {
inline const http::Permission kPartnersInbox =
    http::Permission::capability(capability::kPartnersInbox);
inline const http::Permission kPartnersMembers =
    http::Permission::capability(capability::kPartnersMembers);
}  // namespace jalon::access
