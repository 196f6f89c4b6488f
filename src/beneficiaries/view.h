// Helpers shared by the record's pages: referential lists as select/checkbox options, dates in
// French.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "beneficiaries/referentials.h"
#include "http/permission.h"

namespace jalon::beneficiaries::view {

inline const http::Permission kRead = http::Permission::capability("beneficiaries.read");
inline const http::Permission kWrite = http::Permission::capability("beneficiaries.write");

nlohmann::json options(const std::vector<Entry>& list, const std::string& selected,
                       bool with_empty = false);
nlohmann::json checks(const std::vector<Entry>& list, const std::vector<std::string>& selected,
                      const std::string& field);
// "2026-11-26" -> "26/11/2026" (unchanged when not a date).
std::string french_date(const std::string& iso);

}  // namespace jalon::beneficiaries::view
