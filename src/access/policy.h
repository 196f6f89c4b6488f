// The policy layer. authorize() turns a route's Permission and the caller's session into a
// verdict, deny by default. Scope is the caseload primitive every query on beneficiary data
// uses: it adds the SQL condition that keeps a caller within their structure and caseload, so
// a record they may not see is simply not found (SR 32–33).
#pragma once
#include <string>
#include <string_view>

#include "access/capabilities.h"
#include "access/service.h"
#include "http/router.h"
#include "store/database.h"

namespace jalon::access {

http::Verdict authorize(const http::Request& req, const http::Permission& permission);

// The access layer's session of a request that passed authorize() (routes call this).
const Session& session_of(const http::Request& req);

class Scope {
 public:
  static Scope of(const Session& s);
  // A condition on a beneficiaries row aliased `alias` (columns id, structure_id); appends its
  // parameters. Counselors: their caseload (referent or co-referent); coordinators: their team's
  // caseload, or the structure's without a team; structure admins, partners and funders: nothing
  // (admins manage accounts, not case content; the others go through shares and aggregates).
  std::string beneficiaries(std::string_view alias, store::Params& params) const;
  const std::string& structure_id() const { return structure_id_; }
  // What the condition depends on, for caches keyed by scope.
  std::string key() const;

 private:
  Role role_ = Role::kFunder;
  std::string structure_id_, user_id_, team_id_;
};

// Caches keyed by Scope::key() (caseload counts and pages) hold while the structure's caseload
// generation is unchanged. Every write that can change what a scope sees, or what a caseload row
// shows, bumps it in its own transaction; the caches read it in theirs, so several app servers
// on one database stay correct.
int64_t caseload_generation(store::Tx& tx, const std::string& structure_id);
void bump_caseload_generation(store::Tx& tx, const std::string& structure_id);

}  // namespace jalon::access
