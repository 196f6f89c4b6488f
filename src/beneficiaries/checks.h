// Every mistake of a new person's form at once (issue 14): the creation form lists them all,
// BeneficiaryService::create answers the first of the same checks (then resolves the commune in
// the COG, whose refusal is its own mistake).
#pragma once
#include <vector>

#include "beneficiaries/service.h"
#include "core/dates.h"
#include "core/result.h"

namespace jalon::beneficiaries {

// The identity, contact and entry mistakes of `in`, one per field, in the form's order.
std::vector<Error> creation_mistakes(const NewBeneficiary& in, dates::Date today);

}  // namespace jalon::beneficiaries
