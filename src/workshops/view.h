// What the workshops templates and the API read: JSON built from the service's structs.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "workshops/service.h"

namespace jalon::workshops::view {

nlohmann::json template_json(const Template& t);
// `now` tells whether the session has started (past).
nlohmann::json session_json(const Session& s, const std::string& zone, Millis now);
// {fill, attendance, no_show} as French percentages ("—" when absent), with the counts.
nlohmann::json rates_json(const Counts& c);
// The API's session: ISO instants and numbers, no French labels.
nlohmann::json session_api(const Session& s);

}  // namespace jalon::workshops::view
