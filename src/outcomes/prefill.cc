// The exit form prefilled from the person's latest placement (employers: the hire of an
// accepted application): the counselor checks and completes it, nothing is recorded without
// the confirmation.
#include <cmath>

#include "core/dates.h"
#include "outcomes/service.h"

namespace jalon::outcomes {

ExitInput exit_from_placement(const PlacementPrefill& p) {
  ExitInput in;
  in.reason = "embauche";
  in.employer = p.employer;
  in.job_label = p.job;
  if (p.contract == "cdi") in.situation = "cdi";
  if (p.contract == "cdd") in.situation = "cdd";
  if (p.contract == "interim") in.situation = "interim";
  if (p.contract == "cdd_insertion") in.situation = "autre_siae";
  if (p.contract == "apprentissage" || p.contract == "professionnalisation") {
    in.situation = "alternance";
  }
  auto a = dates::parse_iso_date(p.start_on), b = dates::parse_iso_date(p.end_on);
  if ((in.situation == "cdd" || in.situation == "interim") && a.ok() && b.ok() &&
      b->days > a->days) {
    // Calendar months of the contract, at least one (30.44 days a month on average).
    int months = static_cast<int>(std::lround((b->days - a->days + 1) / 30.4375));
    in.contract_months = std::to_string(std::max(months, 1));
  }
  return in;
}

}  // namespace jalon::outcomes
