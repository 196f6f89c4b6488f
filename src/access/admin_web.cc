// A structure's administration: its settings, users (invitation, role, deactivation), teams,
// and the access journal of one record.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/web_pages.h"
#include "core/dates.h"
#include "ui/page.h"

namespace jalon::access::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json roles_json(Role selected) {
  json out = json::array();
  for (Role r : structure_roles()) {
    out.push_back({{"code", role_code(r)}, {"label", role_label(r)}, {"selected", r == selected}});
  }
  return out;
}

json teams_json(const std::vector<TeamView>& teams, const std::string& selected) {
  json out = json::array();
  for (const auto& t : teams) {
    out.push_back({{"id", t.id}, {"name", t.name}, {"selected", t.id == selected}});
  }
  return out;
}

// A page of the admin section, with what a failed form brings back (values and errors).
Response admin_page(const Pages& p, Request& req, std::string_view tmpl, json ctx,
                    const ui::Form* failed = nullptr) {
  ctx["nav"] = "admin";
  if (failed) failed->fill(ctx);
  return p.page(req, tmpl, ctx, failed ? 422 : 200);
}

// An error of a one-button action (deactivate, rename): 404 outside the structure, 422 else.
Response action_result(const Status& st, const char* done) {
  if (st.ok()) return Response::redirect(done);
  if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  return Response::error(422, st.error().message);
}

json structure_context(const std::string& kind, bool health_module) {
  return {{"title", "Paramètres de la structure"},
          {"health_module", health_module},
          {"kinds", kinds_json(kind)}};
}

Response structure_settings(const Pages& p, Request& req) {
  auto st = p.service.structure(session_of(req).structure_id);
  if (!st) return Response::not_found();
  json ctx = structure_context(st->kind, st->health_module);
  ctx["values"] = {{"name", st->name}, {"siret", st->siret}, {"commune_code", st->commune_code}};
  if (req.query.has("enregistre")) ctx["notice"] = "Les paramètres ont été enregistrés.";
  return admin_page(p, req, "admin_structure", ctx);
}

Response update_structure(const Pages& p, Request& req) {
  ui::Form form(req);
  StructureView v = structure_from(form);
  v.siret = form.text("siret");
  v.commune_code = form.text("commune_code");
  v.health_module = form.checked("health_module");
  if (auto st = p.service.update_structure(session_of(req), v); !st.ok()) {
    form.fail(st.error());
    return admin_page(p, req, "admin_structure", structure_context(v.kind, v.health_module), &form);
  }
  return Response::redirect("/admin/structure?enregistre=1");
}

Response users(const Pages& p, Request& req) {
  json users = json::array();
  for (const auto& u : p.service.users_of(session_of(req))) {
    users.push_back({{"id", u.id},
                     {"name", u.display_name},
                     {"email", u.email},
                     {"role", role_label(u.role)},
                     {"team", u.team_name},
                     {"disabled", u.disabled},
                     {"invited", u.invited},
                     {"mfa", u.totp_enabled},
                     {"last_login", u.last_login_at ? dates::french_datetime(u.last_login_at)
                                                    : std::string("jamais")}});
  }
  json ctx = {{"title", "Utilisateurs"}, {"users", users}};
  if (req.query.has("invite")) ctx["notice"] = "L'invitation a été envoyée.";
  if (req.query.has("modifie")) ctx["notice"] = "Les changements ont été enregistrés.";
  return admin_page(p, req, "admin_users", ctx);
}

Response invite_page(const Pages& p, Request& req, Role role, const std::string& team,
                     const ui::Form* failed = nullptr) {
  return admin_page(p, req, "admin_invite",
                    {{"title", "Inviter un utilisateur"},
                     {"roles", roles_json(role)},
                     {"teams", teams_json(p.service.teams_of(session_of(req)), team)}},
                    failed);
}

Response invite_form(const Pages& p, Request& req) {
  return invite_page(p, req, Role::kCounselor, "");
}

Response invite(const Pages& p, Request& req) {
  ui::Form form(req);
  std::string email = form.text("email");
  std::string name = form.text("display_name");
  std::string team = form.text("team_id");
  auto role = parse_role(form.text("role"));
  if (!role) {
    form.error("role", "Choisissez un rôle dans la liste.");
  } else if (auto r = p.service.invite_user(session_of(req), email, name, *role, team, p.base_url);
             !r.ok()) {
    form.fail(r.error());
  }
  if (!form.ok()) return invite_page(p, req, role.value_or(Role::kCounselor), team, &form);
  return Response::redirect("/admin/utilisateurs?invite=1");
}

Response user_page(const Pages& p, Request& req, const UserView& u, Role role,
                   const std::string& team, const ui::Form* failed = nullptr) {
  const Session& s = session_of(req);
  return admin_page(p, req, "admin_user",
                    {{"title", u.display_name},
                     {"u",
                      {{"id", u.id},
                       {"name", u.display_name},
                       {"email", u.email},
                       {"disabled", u.disabled},
                       {"self", u.id == s.user_id}}},
                     {"roles", roles_json(role)},
                     {"teams", teams_json(p.service.teams_of(s), team)}},
                    failed);
}

Response user(const Pages& p, Request& req) {
  auto u = p.service.user_in_structure(session_of(req), req.param("id"));
  if (!u) return Response::not_found();
  return user_page(p, req, *u, u->role, u->team_id);
}

Response change_role(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  auto u = p.service.user_in_structure(s, req.param("id"));
  if (!u) return Response::not_found();
  ui::Form form(req);
  auto role = parse_role(form.text("role"));
  std::string team = form.text("team_id");
  if (!role) {
    form.error("role", "Choisissez un rôle dans la liste.");
  } else if (auto st = p.service.change_role(s, u->id, *role, team); !st.ok()) {
    form.fail(st.error());
  }
  if (!form.ok()) return user_page(p, req, *u, role.value_or(u->role), team, &form);
  return Response::redirect("/admin/utilisateurs?modifie=1");
}

Response disable_user(const Pages& p, Request& req) {
  return action_result(p.service.set_disabled(session_of(req), req.param("id"), true),
                       "/admin/utilisateurs?modifie=1");
}

Response reactivate_user(const Pages& p, Request& req) {
  return action_result(p.service.set_disabled(session_of(req), req.param("id"), false),
                       "/admin/utilisateurs?modifie=1");
}

Response teams_page(const Pages& p, Request& req, const ui::Form* failed = nullptr) {
  json teams = json::array();
  for (const auto& t : p.service.teams_of(session_of(req))) {
    teams.push_back({{"id", t.id}, {"name", t.name}, {"members", t.members}});
  }
  return admin_page(p, req, "admin_teams", {{"title", "Équipes"}, {"teams", teams}}, failed);
}

Response teams(const Pages& p, Request& req) {
  return teams_page(p, req);
}

Response create_team(const Pages& p, Request& req) {
  ui::Form form(req);
  if (auto r = p.service.create_team(session_of(req), form.text("name")); !r.ok()) {
    form.fail(r.error());
    return teams_page(p, req, &form);
  }
  return Response::redirect("/admin/equipes");
}

Response rename_team(const Pages& p, Request& req) {
  return action_result(
      p.service.rename_team(session_of(req), req.param("id"), req.form.get("name")),
      "/admin/equipes");
}

Response journal(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  std::string type = req.param("type");
  if (!p.service.object_in_structure(s, type, req.param("id"))) return Response::not_found();
  json rows = json::array();
  for (const auto& r : p.service.audit_for_object(s, type, req.param("id"))) {
    rows.push_back({{"at", dates::french_datetime(r.at)},
                    {"actor", r.actor_name},
                    {"role", r.actor_role},
                    {"action", r.action},
                    {"outcome", r.outcome}});
  }
  return admin_page(p, req, "admin_audit",
                    {{"title", "Journal des accès"}, {"rows", rows}, {"empty", rows.empty()}});
}

}  // namespace

void register_admin_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  router.add_all({
      {kGet, "/admin/structure", kStructureSettings, http::on(p, structure_settings)},
      {kPost, "/admin/structure", kStructureSettings, http::on(p, update_structure)},
      {kGet, "/admin/utilisateurs", kUsersManage, http::on(p, users)},
      {kGet, "/admin/utilisateurs/inviter", kUsersManage, http::on(p, invite_form)},
      {kPost, "/admin/utilisateurs/inviter", kUsersManage, http::on(p, invite)},
      {kGet, "/admin/utilisateurs/{id}", kUsersManage, http::on(p, user)},
      {kPost, "/admin/utilisateurs/{id}", kUsersManage, http::on(p, change_role)},
      {kPost, "/admin/utilisateurs/{id}/desactiver", kUsersManage, http::on(p, disable_user)},
      {kPost, "/admin/utilisateurs/{id}/reactiver", kUsersManage, http::on(p, reactivate_user)},
      {kGet, "/admin/equipes", kTeamsManage, http::on(p, teams)},
      {kPost, "/admin/equipes", kTeamsManage, http::on(p, create_team)},
      {kPost, "/admin/equipes/{id}", kTeamsManage, http::on(p, rename_team)},
      {kGet, "/admin/journal/{type}/{id}", kAuditRead, http::on(p, journal)},
  });
}

}  // namespace jalon::access::web
