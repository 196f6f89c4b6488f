// The lists of the pathway domain, defined once with stable codes and French labels
// (peers-and-referentials.md §3): contract kinds and statuses, the 58 objectives and the 134
// actions of the catalogue by theme (the themes of beneficiaries::themes()), the statuses of
// objectives (en cours, réalisé, abandonné) and actions (prévu, en cours, réalisé, abandonné,
// annulé, en attente), and the statuses of referrals (orientations).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "beneficiaries/referentials.h"

namespace jalon::pathways {

using beneficiaries::Entry;
using beneficiaries::has_code;
using beneficiaries::label_of;

// One entry of the objective or action catalogue.
struct CatalogueEntry {
  std::string_view code, theme, label;
};

const std::vector<CatalogueEntry>& objective_catalogue();  // 58
const std::vector<CatalogueEntry>& action_catalogue();     // 134
const CatalogueEntry* find_entry(const std::vector<CatalogueEntry>& list, std::string_view code);

const std::vector<Entry>& contract_kinds();     // cer, ppae, cej, pacea, siae, autre
const std::vector<Entry>& contract_statuses();  // en_preparation, en_cours, termine, rompu
// Statuses of objectives and actions; kOpenStatus marks those still to do (prévu, en cours,
// en attente), whose due date can pass.
inline constexpr std::uint32_t kOpenStatus = 1;
const std::vector<Entry>& objective_statuses();
const std::vector<Entry>& action_statuses();
const std::vector<Entry>& referral_statuses();  // en_cours, validee, refusee, expiree
// The kinds of events the record's timeline shows (its filter).
const std::vector<Entry>& timeline_kinds();

// The label of a theme of beneficiaries::themes(), or "" for an unknown code.
std::string_view theme_label(std::string_view code);

// Status codes the rules name.
inline constexpr std::string_view kContractActive = "en_cours";
inline constexpr std::string_view kReferralPending = "en_cours";

}  // namespace jalon::pathways
