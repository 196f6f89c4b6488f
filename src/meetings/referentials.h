// The lists of the meetings domain, defined once with stable codes and French labels
// (peers-and-referentials.md §4): appointment kinds, modes, participation statuses (as in
// rdv-insertion), the partner kinds of a tripartite meeting, and the interview report template
// of each appointment kind (its sections, in order, with the prompt shown to the counselor).
#pragma once
#include <string_view>
#include <vector>

#include "core/referential.h"

namespace jalon::meetings {

using Entry = referential::Code;
using referential::has_code;
using referential::label_of;

const referential::List& appointment_kinds();  // accueil, diagnostic, suivi, bilan, tripartite
const referential::List& appointment_modes();  // sur_place, telephone, visio
const referential::List& participation_statuses();
const referential::List& partner_kinds();  // employeur, partenaire (tripartite meetings)

// Participation status codes, named where the rules refer to them.
inline constexpr std::string_view kUndetermined = "non_determine";
inline constexpr std::string_view kAttended = "honore";
inline constexpr std::string_view kCancelledByPerson = "annule_personne";
inline constexpr std::string_view kCancelledByService = "annule_service";
inline constexpr std::string_view kNoShow = "absence_non_excusee";

// Interview report statuses: a draft until finalised, then never changed.
inline constexpr std::string_view kDraft = "draft";
inline constexpr std::string_view kFinal = "final";

struct ReportSection {
  std::string_view code, label, hint;
  // Internal to the service: left out of the copy given to the person (it stays in their
  // subject-access export, SR 5).
  bool internal = false;
};

// The sections of an interview report for an appointment kind (unknown kinds get the "suivi"
// template). Every template has "topics" first, the section a report needs to be finalised.
std::vector<ReportSection> report_template(std::string_view kind);
// Every section code any template uses, for validating input.
bool known_section(std::string_view code);
inline constexpr std::string_view kRequiredSection = "topics";
inline constexpr std::string_view kInternalSection = "internal";

}  // namespace jalon::meetings
