// AccessService: the shared pieces (audit entries, structure kinds, e-mail normalization) and
// the bootstrap of the first accounts. Sessions, MFA and passwords live in sessions.cc, mfa.cc
// and credentials.cc; administration in administration.cc.
#include "access/service.h"

#include <algorithm>

#include "access/service_internal.h"
#include "core/text.h"

namespace jalon::access {
namespace {

std::string one_time_password(Random& rng) {
  // 20 characters from an unambiguous alphabet: about 100 bits.
  static const char* alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  unsigned char b[20];
  rng.fill(b, sizeof b);
  for (unsigned char c : b) out += alphabet[c % 31];
  return out.substr(0, 5) + "-" + out.substr(5, 5) + "-" + out.substr(10, 5) + "-" + out.substr(15);
}

}  // namespace

namespace detail {
AuditEntry entry(const Actor& a, std::string action, std::string type, std::string id,
                 std::string outcome, std::string details) {
  return {a.user_id,     a.role,     a.structure_id,     std::move(action), std::move(type),
          std::move(id), "identity", std::move(outcome), a.session_ref,     std::move(details)};
}
bool is_structure_kind(std::string_view code) {
  return std::any_of(structure_kinds().begin(), structure_kinds().end(),
                     [&](const auto& k) { return k.code == code; });
}
}  // namespace detail

const std::vector<StructureKind>& structure_kinds() {
  static const std::vector<StructureKind> kinds = {
      {"aci", "Atelier et chantier d'insertion (ACI)"},
      {"ei", "Entreprise d'insertion (EI)"},
      {"ai", "Association intermédiaire (AI)"},
      {"etti", "Entreprise de travail temporaire d'insertion (ETTI)"},
      {"eiti", "Entreprise d'insertion par le travail indépendant (EITI)"},
      {"mission_locale", "Mission locale"},
      {"plie", "PLIE"},
      {"association", "Association"},
      {"ccas", "CCAS / CIAS"},
      {"departement", "Service d'un département"},
      {"organisme_formation", "Organisme de formation"},
      {"autre", "Autre"},
  };
  return kinds;
}

AuditEntry audit_entry(const Session& s, std::string action, std::string object_type,
                       std::string object_id, std::string category, std::string details) {
  return {s.user_id,
          std::string(role_code(s.role)),
          s.structure_id,
          std::move(action),
          std::move(object_type),
          std::move(object_id),
          std::move(category),
          "success",
          s.public_id,
          std::move(details)};
}

std::string normalize_email(const std::string& email) {
  std::string e = text::trim(email);
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size() || e.size() > 254 ||
      e.find('@', at + 1) != std::string::npos || e.find('.', at) == std::string::npos ||
      e.find_first_of(" \t\r\n<>\"") != std::string::npos) {
    return {};
  }
  return e;
}

AccessService::AccessService(store::Database& db, const Clock& clock, Random& rng, const Keys& keys,
                             AuditLog& audit, const PasswordPolicy& policy)
    : db_(db), clock_(clock), rng_(rng), keys_(keys), audit_(audit), policy_(policy) {}

// --- bootstrap ------------------------------------------------------------------------------

Result<AccessService::CreatedAdmin> AccessService::create_admin(const std::string& email,
                                                                const std::string& structure_name,
                                                                const std::string& structure_kind) {
  std::string e = normalize_email(email);
  if (e.empty()) return Error::invalid("Adresse e-mail invalide", "email");
  CreatedAdmin out;
  out.one_time_password = one_time_password(rng_);
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  if (tx.query_one("SELECT 1 FROM users WHERE email = ?", {e})) {
    return Error::conflict("Un compte existe déjà avec cette adresse : " + e);
  }
  Role role = Role::kPlatformAdmin;
  if (!structure_name.empty()) {
    if (!detail::is_structure_kind(structure_kind))
      return Error::invalid("Type de structure inconnu : " + structure_kind, "kind");
    out.structure_id = new_id(rng_);
    tx.exec("INSERT INTO structures (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
            {out.structure_id, text::trim(structure_name), structure_kind, now});
    role = Role::kStructureAdmin;
  }
  out.user_id = new_id(rng_);
  tx.exec(
      "INSERT INTO users (id, structure_id, email, display_name, role, password_hash, "
      "must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
      {out.user_id, out.structure_id.empty() ? store::Value() : store::Value(out.structure_id), e,
       e.substr(0, e.find('@')), role_code(role), hash_password(out.one_time_password), now});
  audit_.record(tx, {"", "system", out.structure_id, "create", "user", out.user_id, "identity",
                     "success", "", "via=cli role=" + std::string(role_code(role))});
  tx.commit();
  return out;
}

}  // namespace jalon::access
