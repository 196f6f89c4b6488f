// The demo's privacy operations (issue 23): the structure's retention pass records the notices
// of the files whose retention ends within 30 days (the référents' to-do items and the list
// "Dossiers bientôt supprimés"), and a coordinator's legal hold keeps one file. Purging is left
// to the nightly job.
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::demo {

// Returns the number of notices recorded.
int add_privacy(store::Database& db, const Clock& clock, Random& rng, const std::string& data_dir,
                const std::string& structure_id);

}  // namespace jalon::demo
