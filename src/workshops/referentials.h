// The lists of the workshops domain, defined once with stable codes and French labels: the
// data·inclusion themes a workshop covers (modules-research.md §1.1, top-level codes of the
// `thematiques` referential, kept as data·inclusion spells them), session modes, and the
// participation statuses of a workshop session (W3, as in rdv-insertion).
#pragma once
#include <string_view>

#include "core/referential.h"

namespace jalon::workshops {

using referential::has_code;
using referential::label_of;

const referential::List& themes();         // data·inclusion thématiques (top level)
const referential::List& session_modes();  // sur_place, visio
const referential::List& participation_statuses();

// Participation status codes, named where the rules refer to them.
inline constexpr std::string_view kUndetermined = "non_determine";
inline constexpr std::string_view kPresent = "present";
inline constexpr std::string_view kExcused = "excuse";
inline constexpr std::string_view kCancelled = "annule_structure";  // by the structure
inline constexpr std::string_view kAbsent = "absent";

// Enrolment outcomes of one person (enrol), French label in outcome_label.
inline constexpr std::string_view kEnrolled = "inscrit";
inline constexpr std::string_view kAlready = "deja_inscrit";
inline constexpr std::string_view kWaiting = "liste_attente";
inline constexpr std::string_view kFull = "complet";
inline constexpr std::string_view kNotFound = "introuvable";
const referential::List& enrolment_outcomes();

}  // namespace jalon::workshops
