// `jalon demo`: a synthetic ACI in Voiron (Isère) with a coordinator, 4 counselors and
// beneficiaries with plausible situations, diagnoses, projects and eligibility over two years.
// Every person is invented (names drawn from lists of common French first names and surnames,
// combined at random); nothing comes from real records.
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
  int64_t rows = 0;
  std::vector<std::string> territories;  // created when the communes are loaded
};

// Fails (conflict) when the demo structure already exists. seed makes the data reproducible.
Result<DemoResult> generate(store::Database& db, const Clock& clock, Random& rng, int beneficiaries,
                            unsigned seed);

}  // namespace jalon::demo
