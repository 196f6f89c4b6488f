// Helpers shared by the files of AccessService (service.cc, administration.cc); not for other
// modules.
#pragma once
#include <string>
#include <string_view>

#include "access/audit.h"
#include "access/service.h"

namespace jalon::access::detail {

// An identity-category audit record of an action by `a`.
AuditEntry entry(const Actor& a, std::string action, std::string type, std::string id,
                 std::string outcome = "success", std::string details = {});

// A role read from the store; an unknown code gets the least-privileged role.
inline Role stored_role(std::string_view code) {
  return parse_role(code).value_or(Role::kFunder);
}

// Whether `code` is one of structure_kinds().
bool is_structure_kind(std::string_view code);

}  // namespace jalon::access::detail
