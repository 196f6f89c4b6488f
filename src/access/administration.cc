// AccessService, administration: a structure's settings, users, teams and audit journal, and
// the platform's structures. Every query is scoped to the admin's structure; every change is
// audited in its transaction.
#include <algorithm>

#include "access/policy.h"
#include "access/service.h"
#include "access/service_internal.h"
#include "core/text.h"
#include "core/validation.h"
#include "outbox/outbox.h"
#include "store/row_reader.h"

namespace jalon::access {
namespace {

using detail::entry;

void check_name_and_kind(const std::string& name, const std::string& kind,
                         validation::Mistakes& errs) {
  if (!validation::text(name, "name", "le nom de la structure", 200, true).ok()) {
    errs.add(Error::invalid("Indiquez le nom de la structure (200 caractères au plus).", "name"));
  }
  if (!detail::is_structure_kind(kind)) {
    errs.add(Error::invalid("Choisissez un type de structure dans la liste.", "kind"));
  }
}

Status check_name_and_kind(const std::string& name, const std::string& kind) {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  check_name_and_kind(name, kind, errs);
  return errs.status();
}

// A team's name, as typed when it is created or renamed.
Status check_team_name(const std::string& name) {
  if (!validation::text(name, "name", "le nom de l'équipe", 80, true).ok()) {
    return Error::invalid("Indiquez le nom de l'équipe (80 caractères au plus).", "name");
  }
  return ok_status();
}

constexpr const char* kStructureColumns =
    "id, name, kind, COALESCE(siret, ''), COALESCE(commune_code, ''), time_zone, health_module";

StructureView structure_from(const store::Row& row) {
  store::RowReader r(row);
  return {r.text(), r.text(), r.text(), r.text(), r.text(), r.text(), r.boolean()};
}

}  // namespace

// --- administration --------------------------------------------------------------------------

std::optional<StructureView> AccessService::structure(const std::string& id) {
  auto tx = db_.read();
  auto r = tx.query_one(
      std::string("SELECT ") + kStructureColumns + " FROM structures WHERE id = ?", {id});
  tx.commit();
  if (!r) return std::nullopt;
  return structure_from(*r);
}

Status AccessService::update_structure(const Session& admin, const StructureView& c) {
  std::string name = text::trim(c.name);
  std::vector<Error> out;
  validation::Mistakes errs{out};
  check_name_and_kind(name, c.kind, errs);
  std::string siret;
  for (char ch : c.siret) {
    if (ch != ' ') siret += ch;
  }
  if (!siret.empty()) {
    bool digits = siret.size() == 14 && std::all_of(siret.begin(), siret.end(), ::isdigit);
    int sum = 0;
    for (size_t i = 0; digits && i < 14; ++i) {
      int d = siret[i] - '0';
      if ((14 - i) % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;  // Luhn from the right
      sum += d;
    }
    if (!digits || sum % 10 != 0) {
      errs.add(
          Error::invalid("Le SIRET doit comporter 14 chiffres valides (clé de Luhn).", "siret"));
    }
  }
  std::string commune = text::trim(c.commune_code);
  if (!commune.empty() && (commune.size() != 5)) {
    errs.add(Error::invalid("Le code commune (COG) comporte 5 caractères, par exemple 38563.",
                            "commune_code"));
  }
  if (auto st = errs.status(); !st.ok()) return st;
  auto tx = db_.write();
  tx.exec(
      "UPDATE structures SET name = ?, kind = ?, siret = ?, commune_code = ?, health_module = ? "
      "WHERE id = ?",
      {name, c.kind, siret.empty() ? store::Value() : store::Value(siret),
       commune.empty() ? store::Value() : store::Value(commune), c.health_module ? 1 : 0,
       admin.structure_id});
  audit_.record(tx, entry(Actor::of(admin), "update", "structure", admin.structure_id, "success",
                          "fields=name,kind,siret,commune_code,health_module"));
  tx.commit();
  return ok_status();
}

namespace {
constexpr const char* kUserColumns =
    "u.id, COALESCE(u.structure_id, ''), COALESCE(u.team_id, ''), COALESCE(t.name, ''), u.email, "
    "u.display_name, u.role, u.disabled_at, u.totp_enabled, u.password_hash, "
    "COALESCE(u.last_login_at, 0)";

// In the order of kUserColumns and of UserView; disabled_at and password_hash only say whether
// they are set (disabled, invited).
UserView user_from(const store::Row& row) {
  store::RowReader r(row);
  UserView u{
      r.text(), r.text(), r.text(), r.text(), r.text(), r.text(), detail::stored_role(r.text())};
  u.disabled = r.opt_text().has_value();
  u.totp_enabled = r.boolean();
  u.invited = !r.opt_text().has_value();
  u.last_login_at = r.i64();
  return u;
}
}  // namespace

std::vector<UserView> AccessService::users_of(const Session& admin) {
  auto tx = db_.read();
  std::vector<UserView> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kUserColumns +
                                    " FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE "
                                    "u.structure_id = ? ORDER BY u.display_name, u.email",
                                {admin.structure_id})) {
    out.push_back(user_from(r));
  }
  audit_.record_async(entry(Actor::of(admin), "read", "user_list", admin.structure_id, "success"));
  tx.commit();
  return out;
}

std::optional<UserView> AccessService::user_in_structure(const Session& admin,
                                                         const std::string& user_id) {
  auto tx = db_.read();
  auto r = tx.query_one(std::string("SELECT ") + kUserColumns +
                            " FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.id = ? "
                            "AND u.structure_id = ?",
                        {user_id, admin.structure_id});
  tx.commit();
  if (!r) return std::nullopt;
  audit_.record_async(entry(Actor::of(admin), "read", "user", user_id));
  return user_from(*r);
}

Result<std::string> AccessService::invite_user(const Session& admin, const std::string& email,
                                               const std::string& display_name, Role role,
                                               const std::string& team_id,
                                               const std::string& base_url) {
  std::string e = normalize_email(email);
  std::string name = text::trim(display_name);
  std::vector<Error> out;
  validation::Mistakes errs{out};
  if (e.empty()) {
    errs.add(Error::invalid(
        "Saisissez une adresse e-mail valide, par exemple prenom.nom@structure.fr.", "email"));
  }
  if (!validation::text(name, "display_name", "le nom de la personne", 120, true).ok()) {
    errs.add(
        Error::invalid("Indiquez le nom de la personne (120 caractères au plus).", "display_name"));
  }
  if (role == Role::kPlatformAdmin) errs.add(Error::invalid("Rôle non autorisé.", "role"));
  if (auto st = errs.status(); !st.ok()) return st.error();
  auto tx = db_.write();
  if (!team_id.empty() && !tx.query_one("SELECT 1 FROM teams WHERE id = ? AND structure_id = ?",
                                        {team_id, admin.structure_id})) {
    return Error::invalid("Choisissez une équipe de votre structure.", "team_id");
  }
  if (tx.query_one("SELECT 1 FROM users WHERE email = ?", {e})) {
    return Error::invalid("Un compte existe déjà avec cette adresse.", "email");
  }
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO users (id, structure_id, team_id, email, display_name, role, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {id, admin.structure_id, team_id.empty() ? store::Value() : store::Value(team_id), e, name,
       role_code(role), clock_.now_ms()});
  std::string token = issue_token(tx, id, "invite", kInvitationLifetime);
  auto st = tx.query_one("SELECT name FROM structures WHERE id = ?", {admin.structure_id});
  outbox::enqueue(tx, rng_, clock_,
                  {admin.structure_id, e,
                   "Jalon : invitation de " + (st ? st->text(0) : std::string("votre structure")),
                   "Bonjour " + name + ",\n\n" + admin.display_name + " vous invite à rejoindre " +
                       (st ? st->text(0) : std::string("sa structure")) +
                       " sur Jalon en tant que " + std::string(role_label(role)) +
                       ".\n\nChoisissez votre mot de passe avec ce lien (valable 7 jours) :\n\n" +
                       base_url + "/invitation?jeton=" + token + "\n"});
  audit_.record(tx, entry(Actor::of(admin), "create", "user", id, "success",
                          "role=" + std::string(role_code(role))));
  bump_caseload_generation(tx, admin.structure_id);  // the caseload's referent filter lists it
  tx.commit();
  return id;
}

Status AccessService::change_role(const Session& admin, const std::string& user_id, Role role,
                                  const std::string& team_id) {
  if (role == Role::kPlatformAdmin) return Error::invalid("Rôle non autorisé.", "role");
  if (user_id == admin.user_id && role != Role::kStructureAdmin) {
    return Error::invalid("Vous ne pouvez pas retirer votre propre rôle d'administration.", "role");
  }
  auto tx = db_.write();
  if (!team_id.empty() && !tx.query_one("SELECT 1 FROM teams WHERE id = ? AND structure_id = ?",
                                        {team_id, admin.structure_id})) {
    return Error::invalid("Choisissez une équipe de votre structure.", "team_id");
  }
  int64_t n = tx.exec("UPDATE users SET role = ?, team_id = ? WHERE id = ? AND structure_id = ?",
                      {role_code(role), team_id.empty() ? store::Value() : store::Value(team_id),
                       user_id, admin.structure_id});
  if (n == 0) return Error::not_found();
  // A privilege change ends the user's sessions (SR 27).
  tx.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
  // A new role or team changes which caseloads the user's beneficiaries appear in (a team
  // coordinator's scope) and the referent filter: cached caseload pages must not outlive it.
  bump_caseload_generation(tx, admin.structure_id);
  audit_.record(tx, entry(Actor::of(admin), "update", "user", user_id, "success",
                          "fields=role,team role=" + std::string(role_code(role))));
  tx.commit();
  return ok_status();
}

Status AccessService::set_disabled(const Session& admin, const std::string& user_id,
                                   bool disabled) {
  if (user_id == admin.user_id) {
    return Error::invalid("Vous ne pouvez pas désactiver votre propre compte.", "user");
  }
  auto tx = db_.write();
  int64_t n = tx.exec(
      "UPDATE users SET disabled_at = ? WHERE id = ? AND structure_id = ?",
      {disabled ? store::Value(clock_.now_ms()) : store::Value(), user_id, admin.structure_id});
  if (n == 0) return Error::not_found();
  if (disabled) tx.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});  // SR 30
  bump_caseload_generation(tx, admin.structure_id);  // the referent filter lists enabled users
  audit_.record(
      tx, entry(Actor::of(admin), disabled ? "user.disable" : "user.enable", "user", user_id));
  tx.commit();
  return ok_status();
}

std::vector<TeamView> AccessService::teams_of(const Session& admin) {
  auto tx = db_.read();
  std::vector<TeamView> out;
  for (const auto& r : tx.query(
           "SELECT t.id, t.name, (SELECT COUNT(*) FROM users u WHERE u.team_id = t.id) FROM teams "
           "t WHERE t.structure_id = ? ORDER BY t.name",
           {admin.structure_id})) {
    out.push_back({r.text(0), r.text(1), r.i64(2)});
  }
  tx.commit();
  return out;
}

Result<std::string> AccessService::create_team(const Session& admin, const std::string& name) {
  std::string n = text::trim(name);
  if (auto st = check_team_name(n); !st.ok()) return st.error();
  auto tx = db_.write();
  if (tx.query_one("SELECT 1 FROM teams WHERE structure_id = ? AND name = ?",
                   {admin.structure_id, n})) {
    return Error::invalid("Une équipe porte déjà ce nom.", "name");
  }
  std::string id = new_id(rng_);
  tx.exec("INSERT INTO teams (id, structure_id, name, created_at) VALUES (?, ?, ?, ?)",
          {id, admin.structure_id, n, clock_.now_ms()});
  audit_.record(tx, entry(Actor::of(admin), "create", "team", id));
  tx.commit();
  return id;
}

Status AccessService::rename_team(const Session& admin, const std::string& team_id,
                                  const std::string& name) {
  auto tx = db_.write();
  if (!tx.query_one("SELECT 1 FROM teams WHERE id = ? AND structure_id = ?",
                    {team_id, admin.structure_id})) {
    return Error::not_found();
  }
  std::string n = text::trim(name);
  if (auto st = check_team_name(n); !st.ok()) return st.error();
  if (tx.query_one("SELECT 1 FROM teams WHERE structure_id = ? AND name = ? AND id <> ?",
                   {admin.structure_id, n, team_id})) {
    return Error::invalid("Une équipe porte déjà ce nom.", "name");
  }
  if (tx.exec("UPDATE teams SET name = ? WHERE id = ? AND structure_id = ?",
              {n, team_id, admin.structure_id}) == 0) {
    return Error::not_found();
  }
  audit_.record(tx, entry(Actor::of(admin), "update", "team", team_id, "success", "fields=name"));
  tx.commit();
  return ok_status();
}

std::vector<StructureView> AccessService::all_structures() {
  auto tx = db_.read();
  std::vector<StructureView> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kStructureColumns + " FROM structures ORDER BY name")) {
    out.push_back(structure_from(r));
  }
  tx.commit();
  return out;
}

Result<std::string> AccessService::create_structure(const Session& platform_admin,
                                                    const StructureView& s,
                                                    const std::string& admin_email,
                                                    const std::string& admin_name,
                                                    const std::string& base_url) {
  std::string name = text::trim(s.name);
  if (auto st = check_name_and_kind(name, s.kind); !st.ok()) return st.error();
  std::string id = new_id(rng_);
  {
    auto tx = db_.write();
    tx.exec("INSERT INTO structures (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
            {id, name, s.kind, clock_.now_ms()});
    audit_.record(tx, entry(Actor::of(platform_admin), "create", "structure", id));
    tx.commit();
  }
  Session as_admin = platform_admin;
  as_admin.structure_id = id;
  auto invited =
      invite_user(as_admin, admin_email, admin_name, Role::kStructureAdmin, "", base_url);
  if (!invited.ok()) {
    // Keep the operation all-or-nothing from the user's point of view.
    auto tx = db_.write();
    tx.exec("DELETE FROM structures WHERE id = ?", {id});
    tx.commit();
    return invited.error();
  }
  return id;
}

bool AccessService::object_in_structure(const Session& admin, const std::string& object_type,
                                        const std::string& object_id) {
  auto tx = db_.read();
  std::optional<store::Row> row;
  if (object_type == "user") {
    row = tx.query_one("SELECT 1 FROM users WHERE id = ? AND structure_id = ?",
                       {object_id, admin.structure_id});
  } else if (object_type == "team") {
    row = tx.query_one("SELECT 1 FROM teams WHERE id = ? AND structure_id = ?",
                       {object_id, admin.structure_id});
  } else if (object_type == "structure") {
    if (object_id == admin.structure_id) return true;
  }
  tx.commit();
  return row.has_value();
}

std::vector<AccessService::AuditRow> AccessService::audit_for_object(const Session& admin,
                                                                     const std::string& object_type,
                                                                     const std::string& object_id) {
  auto tx = db_.read();
  std::vector<AuditRow> out;
  for (const auto& r : tx.query(
           "SELECT a.seq, a.at, COALESCE(u.display_name, a.actor_role), COALESCE(a.actor_role, "
           "''), "
           "a.action, COALESCE(a.object_type, ''), COALESCE(a.object_id, ''), a.outcome FROM "
           "audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.structure_id = ? AND "
           "a.object_type = ? AND a.object_id = ? ORDER BY a.seq DESC LIMIT 500",
           {admin.structure_id, object_type, object_id})) {
    out.push_back(
        {r.i64(0), r.i64(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7)});
  }
  tx.commit();
  audit_.record_async(entry(Actor::of(admin), "read", "audit_trail", object_id));
  return out;
}

}  // namespace jalon::access
