// `jalon demo`: a synthetic ACI in Voiron (Isère) with a coordinator, 4 counselors (and one who
// has left, whose people have no référent yet) and beneficiaries accompanied over two years,
// each with a believable history and week relative to today: appointments with outcomes and
// interview reports, contracts, objectives and actions, referrals, documents (demo/history.h).
// Every person is invented (names drawn from lists of common French first names and surnames,
// combined at random); nothing comes from real records. Everything a person's record holds is
// written through the domain services, so their rules and the audit trail hold.
#pragma once
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::demo {

struct DemoAccount {
  std::string email, role_label, password;
};

struct DemoResult {
  std::string structure_id;
  std::vector<DemoAccount> accounts;
  int beneficiaries = 0;
  int64_t rows = 0;                      // service writes
  std::vector<std::string> territories;  // created when the communes are loaded
};

// Fails (conflict) when the demo structure already exists. `seed` makes the people and their
// histories reproducible (ids and passwords stay random). `data_dir` holds the key file and the
// uploaded documents, as for `jalon serve`.
Result<DemoResult> generate(store::Database& db, const Clock& clock, Random& rng,
                            const std::string& data_dir, int beneficiaries, unsigned seed);

}  // namespace jalon::demo
