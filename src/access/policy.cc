#include "access/policy.h"

#include <stdexcept>

namespace jalon::access {

using http::Decision;
using http::Permission;
using http::Verdict;

const Session& session_of(const http::Request& req) {
  const Session* s = std::any_cast<Session>(&req.auth);
  if (!s) throw std::logic_error("route used session_of without a session");
  return *s;
}

Verdict authorize(const http::Request& req, const Permission& permission) {
  if (permission.kind() == Permission::Kind::kPublic) return {Decision::kAllow, {}};
  const Session* s = std::any_cast<Session>(&req.auth);
  if (!s) return {Decision::kUnauthenticated, {}};
  const std::string& cap = permission.name();
  if (permission.kind() == Permission::Kind::kCapability && (cap == kMfaStep || cap == kLogout)) {
    return {Decision::kAllow, {}};
  }
  if (!s->mfa_ok()) {
    return {Decision::kRedirect, s->totp_enabled ? "/connexion/code" : "/compte/mfa"};
  }
  if (permission.kind() == Permission::Kind::kCapability && cap == kOwnPassword) {
    return {Decision::kAllow, {}};
  }
  if (s->must_change_password) return {Decision::kRedirect, "/compte/mot-de-passe"};
  if (permission.kind() == Permission::Kind::kAuthenticated) return {Decision::kAllow, {}};
  return {role_has(s->role, cap) ? Decision::kAllow : Decision::kForbidden, {}};
}

Scope Scope::of(const Session& s) {
  Scope sc;
  sc.role_ = s.role;
  sc.structure_id_ = s.structure_id;
  sc.user_id_ = s.user_id;
  sc.team_id_ = s.team_id;
  return sc;
}

std::string Scope::key() const {
  switch (role_) {
    case Role::kCounselor:
      return "u:" + user_id_;
    case Role::kCoordinator:
      return team_id_.empty() ? "s:" + structure_id_ : "t:" + team_id_;
    case Role::kStructureAdmin:
      return "s:" + structure_id_;
    default:
      return "none";
  }
}

std::string Scope::beneficiaries(std::string_view alias, store::Params& params) const {
  std::string a(alias);
  switch (role_) {
    case Role::kCounselor:
      params.emplace_back(structure_id_);
      params.emplace_back(user_id_);
      // A correlated EXISTS probes caseload_members' primary key: cheap for point lookups and
      // for name-ordered pages that stop after 25 rows (counts are cached by the caller).
      return "(" + a + ".structure_id = ? AND EXISTS (SELECT 1 FROM caseload_members cm WHERE " +
             "cm.beneficiary_id = " + a + ".id AND cm.user_id = ?))";
    case Role::kCoordinator:
      params.emplace_back(structure_id_);
      if (team_id_.empty()) return "(" + a + ".structure_id = ?)";
      params.emplace_back(team_id_);
      return "(" + a + ".structure_id = ? AND EXISTS (SELECT 1 FROM caseload_members cm JOIN " +
             "users cu ON cu.id = cm.user_id WHERE cm.beneficiary_id = " + a +
             ".id AND cu.team_id = ?))";
    // The structure admin manages accounts and settings, not case content (SR 34, issue 12
    // item 4): no record is in scope, whatever route asks.
    default:
      return "(1 = 0)";
  }
}

int64_t caseload_generation(store::Tx& tx, const std::string& structure_id) {
  auto g = tx.query_one("SELECT generation FROM caseload_generations WHERE structure_id = ?",
                        {structure_id});
  return g ? g->i64(0) : 0;
}

void bump_caseload_generation(store::Tx& tx, const std::string& structure_id) {
  tx.exec(
      "INSERT INTO caseload_generations (structure_id, generation) VALUES (?, 1) ON "
      "CONFLICT (structure_id) DO UPDATE SET generation = caseload_generations.generation + 1",
      {structure_id});
}

}  // namespace jalon::access
