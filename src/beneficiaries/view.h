// Helpers shared by the record's pages: the record's header and section tabs (ui/record.h), the
// record's permissions, dates in French.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "access/capabilities.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "core/dates.h"

namespace jalon::beneficiaries::view {

inline const http::Permission& kRead = access::kBeneficiariesRead;
inline const http::Permission& kWrite = access::kBeneficiariesWrite;

// What a section page of the record needs for beneficiaries/record_tabs: {"b": {id, name},
// "tabs", "nav", "title": "<title> — <name>"}.
nlohmann::json section_header(const Beneficiary& b, std::string_view current,
                              const std::string& title);

// "2026-11-26" -> "26/11/2026" (unchanged when not a date).
using dates::french_date;

}  // namespace jalon::beneficiaries::view
