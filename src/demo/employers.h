// The demo's employers (issue 17): about 150 synthetic establishments around Voiron with
// plausible NAF codes, sizes and communes; the structure's relations, contacts and prospecting
// history (next steps on the counselors' to-do lists); applications in every state with refusal
// reasons, and two hires; synthetic offers in France Travail's layout, hiring needs and two
// immersions (one with its assessment).
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

struct EmployersSummary {
  int employers = 0, actions = 0, applications = 0, placements = 0, offers = 0, needs = 0,
      immersions = 0;
};
// data_dir: the key file of the audit log, as for `jalon serve`.
EmployersSummary add_employers(store::Database& db, const Clock& clock, Random& rng,
                               const std::string& data_dir, const std::string& structure_id);

}  // namespace jalon::demo
