// Helpers shared by the record's pages: the record's header and section tabs (the one list of
// tabs, which other domains extend), referential lists as select/checkbox options, dates in
// French.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "access/capabilities.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"

namespace jalon::beneficiaries::view {

inline const http::Permission& kRead = access::kBeneficiariesRead;
inline const http::Permission& kWrite = access::kBeneficiariesWrite;

// The record's tabs, `current` being the slug of the open one ("", "/situation", …).
nlohmann::json record_tabs(const std::string& beneficiary_id, std::string_view current);
// What a section page of the record needs for beneficiaries/record_tabs: {"b": {id, name},
// "tabs", "nav", "title": "<title> — <name>"}.
nlohmann::json section_header(const Beneficiary& b, std::string_view current,
                              const std::string& title);

nlohmann::json options(const std::vector<Entry>& list, const std::string& selected,
                       bool with_empty = false);
nlohmann::json checks(const std::vector<Entry>& list, const std::vector<std::string>& selected,
                      const std::string& field);
// "2026-11-26" -> "26/11/2026" (unchanged when not a date).
std::string french_date(const std::string& iso);

}  // namespace jalon::beneficiaries::view
