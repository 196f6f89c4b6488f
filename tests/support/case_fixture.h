// The world most service tests start from: two structures (sA with a team t1, sB), counselors
// c1 (team t1) and c2 in sA, a coordinator k1 (team t1) and a structure admin a1 in sA, a
// counselor cB in sB; the services every domain builds on (audit, access, beneficiaries) on a
// fake clock at kNow; and `person()` to create a synthetic beneficiary in a caller's caseload.
// A domain's test derives from it and adds its own services.
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "access/audit.h"
#include "access/keys.h"
#include "access/passwords.h"
#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "support/test_stores.h"

namespace jalon::testing {

inline constexpr Millis kNow = 1'795'510'800'000;  // Tuesday 2026-11-24 09:00 UTC, 10:00 Paris
inline constexpr Millis kHour = 3'600'000;
inline constexpr Millis kDay = 86'400'000;

access::Session session(std::string user, access::Role role, std::string structure = "sA",
                        std::string team = "");

struct CaseFixture {
  TestStore store;
  FakeClock clock{kNow};
  SystemRandom rng;
  access::Keys keys = access::Keys::from_bytes({1, 2, 3});
  access::AuditLog audit{store.db(), clock};
  access::PasswordPolicy policy{assets::AssetSource()};
  access::AccessService access{store.db(), clock, rng, keys, audit, policy};
  beneficiaries::BeneficiaryService people{store.db(), clock, rng, keys, audit};
  access::Session c1 = session("c1", access::Role::kCounselor, "sA", "t1");
  access::Session c2 = session("c2", access::Role::kCounselor);
  access::Session coord = session("k1", access::Role::kCoordinator, "sA", "t1");
  access::Session admin = session("a1", access::Role::kStructureAdmin);
  access::Session cb = session("cB", access::Role::kCounselor, "sB");

  explicit CaseFixture(store::Engine e);
  // A synthetic person "Alix <last>" born 1990-04-12, in `s`'s caseload (referent s.user_id).
  std::string person(const access::Session& s, const std::string& last,
                     const std::string& email = "");
  // The first column of the first row of `sql` as an integer.
  int64_t count(const std::string& sql);
};

}  // namespace jalon::testing
