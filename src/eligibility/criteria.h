// IAE administrative eligibility: the 18 criteria with the proof each needs, and the rule — one
// level-1 criterion, or at least 2 level-2 criteria for AI/ETTI and 3 for ACI/EI/EITI —
// evaluated and explained in words. A prescriber's diagnosis is valid 6 months, an employer's
// 92 days.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"

namespace jalon::eligibility {

struct Criterion {
  std::string_view code;
  int level;
  std::string_view label;
  std::string_view proof;
};

const std::vector<Criterion>& criteria();
const Criterion* find_criterion(std::string_view code);

// SIAE kinds the rule knows: aci, ei, eiti (3 level-2), ai, etti (2 level-2).
bool known_siae_kind(std::string_view kind);
std::string siae_label(std::string_view kind);

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
