// The outcome rules, pure and unit-tested (modules-research.md §3.5): the exit situations of
// O1, the IAE category derived from them (O2, never typed), whether an exit is "examined" (O3),
// the RNCP insertion rates with their neutralised statuses (O8), and small-cell protection (O11).
// The thresholds are parameters (Params), the defaults those of the sources.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/referential.h"

namespace jalon::outcomes {

// Flags of situations().
inline constexpr std::uint32_t kEmployed = 1;     // a job (salaried, public, own business)
inline constexpr std::uint32_t kNeutralised = 2;  // RNCP: out of both terms (O8)
inline constexpr std::uint32_t kNeedsMonths = 4;  // CDD, intérim: the contract's length matters

// O1: CDI, CDD, intérim, contrat aidé, autre SIAE, fonction publique, création, formations,
// alternance, recherche d'emploi, inactivité, incapacité, emploi à l'étranger, autre, inconnue.
const referential::List& situations();
// durable, transition, positive, autres, inconnue (an intérim of unknown length: flagged).
const referential::List& categories();
inline constexpr std::string_view kDurable = "durable", kTransition = "transition",
                                  kPositive = "positive", kOther = "autres",
                                  kUnknownCategory = "inconnue";
// m6, m24 (every exit), fse_4s, fse_m6 (exits of an FSE+ operation).
const referential::List& moments();
// a_faire, renseigne, injoignable, sans_objet (re-entry before the date).
const referential::List& followup_statuses();
inline constexpr std::string_view kToDo = "a_faire", kAnswered = "renseigne",
                                  kUnreachable = "injoignable", kVoid = "sans_objet";

struct Params {
  int durable_months = 6;   // CDD/intérim of this length or more is durable (§3.1 decision)
  int min_stay_months = 3;  // ACI/EI: minimum time in the SIAE for an examined exit
  int min_hours = 1;        // ACI/EI: minimum hours worked
  int min_hours_ai = 150;   // AI/ETTI: minimum hours worked
  int small_cell = 20;      // O11: no rate below this many people
};

// O2. `months` is the contract's length (CDD, intérim); nullopt when unknown.
std::string_view category_of(std::string_view situation, std::optional<int> months,
                             const Params& p = {});
bool is_dynamic(std::string_view category);

// O3. structure_kind: aci, ei, ai, etti (other kinds: the ACI/EI rule). Dates ISO.
// `withdrawn`: the reason is of the "retrait des sorties constatées" kind.
bool examined(std::string_view structure_kind, const std::string& entry_on,
              const std::string& exit_on, std::optional<int> hours, bool withdrawn,
              const Params& p = {});

// "2026-01-31" + 1 month = "2026-02-28" (the day clamped to the month's length).
std::string add_months(const std::string& iso, int months);

// A rate as every page shows it: numerator and denominator always, the value only when the
// denominator reaches the small-cell threshold (O11).
struct Rate {
  int64_t numerator = 0, denominator = 0;
  bool shown = false;
  double percent = 0;  // when shown
};
Rate rate(int64_t numerator, int64_t denominator, int small_cell);
// "75 %", "56,25 %", or "effectif insuffisant (moins de 20)".
std::string rate_text(const Rate& r, int small_cell);

// O8: one respondent's answer at a moment.
struct Answer {
  std::string situation;
  bool in_target_job = false;
};
struct RncpRates {
  Rate global, target_job;
  int64_t respondents = 0, neutralised = 0;
};
RncpRates rncp_rates(const std::vector<Answer>& answers, int small_cell);

// What the rates read of one exit and its 6- and 24-month follow-ups, packed into one integer
// (exits.profile) so the statistics group 100 000 exits by (breakdown, profile) in one index
// scan and apply the rules once per distinct profile (profile.cc). Codes are positions in their
// lists (appending to a list keeps stored profiles valid); unknown codes pack as "none".
struct ExitProfile {
  struct Check {
    std::string_view status, situation;  // "" when none
    std::optional<int> months;
    bool target_job = false;
  };
  bool examined = false;
  std::string_view category, situation;
  std::optional<int> months;
  Check m6, m24;
};
std::int64_t pack(const ExitProfile& p);
ExitProfile unpack(std::int64_t packed);

}  // namespace jalon::outcomes
