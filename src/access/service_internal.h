// Helpers shared by the files of AccessService (service.cc, administration.cc); not for other
// modules.
#pragma once
#include <string>

#include "access/audit.h"
#include "access/service.h"

namespace jalon::access::detail {

// An identity-category audit record of an action by `a`.
AuditEntry entry(const Actor& a, std::string action, std::string type, std::string id,
                 std::string outcome = "success", std::string details = {});

}  // namespace jalon::access::detail
