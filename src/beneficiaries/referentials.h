// The referential lists of the beneficiary record, defined once with stable codes and French
// labels (peers-and-referentials.md §2–3): diagnosis themes and the 88 situations, education
// levels, work situations, contracts, rights, prescriber kinds, schemes, and the IAE
// eligibility criteria with their proofs.
#pragma once
#include <string_view>
#include <vector>

#include "core/referential.h"

namespace jalon::beneficiaries {

using Entry = referential::Code;

// A diagnosis theme; professional themes carry the Point d'appui / Besoin / Non exploré status.
using Theme = referential::Code;
inline constexpr std::uint32_t kProfessional = 1;
inline bool professional(const Theme& t) {
  return (t.flags & kProfessional) != 0;
}

// A situation of a theme: its group is the theme's code.
using Situation = referential::Code;

const std::vector<Theme>& themes();            // 10 social themes + 6 professional-project themes
const std::vector<Situation>& situations();    // 88
const std::vector<Entry>& education_levels();  // 10
const std::vector<Entry>& work_situations();
const std::vector<Entry>& contract_kinds();    // CER, PPAE, CEJ, PACEA, SIAE, other, none
const std::vector<Entry>& rights();            // RSA, ASS, AAH, ARE, prime d'activité
const std::vector<Entry>& prescriber_kinds();  // 36 organisation kinds
const std::vector<Entry>& schemes();           // dispositifs
const std::vector<Entry>& civilities();
const std::vector<Entry>& statuses();  // accompaniment status
const std::vector<Entry>& driving_licences();
const std::vector<Entry>& transport_means();
const std::vector<Entry>& wanted_contracts();
const std::vector<Entry>& working_times();
const std::vector<Entry>& pro_statuses();  // point_appui, besoin, non_explore
const std::vector<Entry>& severities();    // 1 léger, 2 important, 3 bloquant
const std::vector<Entry>& health_kinds();  // the health module's items: rqth, mdph, situation

using referential::has_code;
using referential::label_of;  // the code itself when unknown
const Theme* find_theme(std::string_view code);
const Situation* find_situation(std::string_view code);
// Health data whatever the theme it is recorded under (SR 2, issue 12 item 3): the whole
// « Santé » theme, and the health situations of other themes (mobility, family constraints).
// Such diagnosis items live in the health module: sealed, referent only, never exported.
bool is_health_item(std::string_view theme, std::string_view item);

}  // namespace jalon::beneficiaries
