// The demo's record life (issue 14): after the histories are written, each counselor has
// corrected a few people's contact details and identifiers, handed one person over to a
// colleague with a note, and the paused and exited people have their reason and dates, so the
// record's history, référents and status pages show believable data.
#pragma once
#include <vector>

#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/clock.h"

namespace jalon::demo {

// Writes through BeneficiaryService (audited, in the history) at `now`; throws DemoError when a
// service refuses a step.
void write_record_life(beneficiaries::BeneficiaryService& people, FakeClock& clock, Millis now,
                       const std::vector<access::Session>& counselors);

}  // namespace jalon::demo
