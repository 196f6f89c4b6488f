// The demo's partners (issue 19): the directory of the bassin of Voiron — the SIAE of the
// conventions table when it is loaded, and synthetic France Travail agency, mission locale,
// CCAS, auto-école sociale and garde d'enfants — with their services, and referrals to them in
// every state (waiting with an open link, waiting with an expired link, accepted and declined by
// the partner on their link, closed as expired by the counselor).
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

struct PartnersSummary {
  int organisations = 0, services = 0, referrals = 0;
};
// data_dir: the key file of the audit log, as for `jalon serve`.
PartnersSummary add_partners(store::Database& db, const Clock& clock, Random& rng,
                             const std::string& data_dir, const std::string& structure_id);

}  // namespace jalon::demo
