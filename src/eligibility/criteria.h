// IAE administrative eligibility: the 18 criteria with the proof each needs, and the rule — one
// level-1 criterion, or at least 2 level-2 criteria for AI/ETTI and 3 for ACI/EI/EITI —
// evaluated and explained in words. A prescriber's diagnosis is valid 6 months, an employer's
// 92 days.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/referential.h"

namespace jalon::eligibility {

struct Criterion {
  std::string_view code;
  int level;
  std::string_view label;
  std::string_view proof;
};

const std::vector<Criterion>& criteria();
const Criterion* find_criterion(std::string_view code);

// The SIAE kinds (structures d'insertion par l'activité économique), defined once: code, full
// French label, and kTwoLevel2 for the kinds that need 2 level-2 criteria (ai, etti) instead of
// 3 (aci, ei, eiti). Other modules (SIAE import, structure kinds) read them from here.
inline constexpr std::uint32_t kTwoLevel2 = 1;
const referential::List& siae_kinds();
bool known_siae_kind(std::string_view kind);
// The short name users read on the eligibility page: "ACI", "EITI"…
std::string siae_label(std::string_view kind);

// Who made the eligibility diagnosis (prescriber: valid 6 months, employer: 92 days), labelled as
// the form offers it; author_label() is the short form the history shows.
const referential::List& author_kinds();
std::string_view author_label(std::string_view author_kind);
// A criterion's proof status: a_fournir, fourni, verifie.
const referential::List& proof_statuses();

struct Verdict {
  bool eligible = false;
  int level1 = 0;
  int level2 = 0;
  int level2_required = 3;
  std::string explanation;  // "Éligible ACI : critère de niveau 1 « Bénéficiaire du RSA »."
};

Verdict evaluate(std::string_view siae_kind, const std::vector<std::string>& codes);

enum class Author { kPrescriber, kEmployer };
// The last valid day of a diagnosis made on `made_on`.
dates::Date valid_until(Author author, dates::Date made_on);
inline constexpr int kExpiryWarningDays = 30;

}  // namespace jalon::eligibility
