#include "access/web.h"

#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "access/totp.h"
#include "core/dates.h"
#include "core/random.h"
#include "ui/page.h"

namespace jalon::access {
namespace {

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kLoginFailed =
    "Connexion impossible : adresse e-mail ou mot de passe incorrect, ou trop de tentatives "
    "récentes. Vérifiez votre saisie, patientez quelques minutes ou réinitialisez votre mot de "
    "passe.";

void set_cookie(Response& res, std::string_view name, std::string_view value) {
  res.headers.emplace_back("Set-Cookie", std::string(name) + "=" + std::string(value) +
                                             "; Path=/; Secure; HttpOnly; SameSite=Lax");
}

void clear_cookie(Response& res, std::string_view name) {
  res.headers.emplace_back(
      "Set-Cookie", std::string(name) + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
}

http::Principal principal_from(const Session& s) {
  http::Principal p;
  p.user_id = s.user_id;
  p.structure_id = s.structure_id;
  p.role = std::string(role_code(s.role));
  p.role_label = std::string(role_label(s.role));
  p.display_name = s.display_name;
  p.session_ref = s.public_id;
  p.csrf_token = s.csrf_token;
  p.mfa_ok = s.mfa_ok();
  p.must_change_password = s.must_change_password;
  if (role_has(s.role, "users.manage")) p.nav.emplace_back("admin");
  if (role_has(s.role, "platform.structures")) p.nav.emplace_back("platform");
  if (role_has(s.role, "beneficiaries.read")) p.nav.emplace_back("caseload");
  if (role_has(s.role, "pathway.read")) p.nav.emplace_back("agenda");
  if (!s.structure_id.empty()) p.nav.emplace_back("rome");
  if (role_has(s.role, "territories.read")) p.nav.emplace_back("territories");
  return p;
}

// Short, non-identifying description of the browser for "my sessions".
std::string browser_summary(const std::string& ua) {
  std::string b = "Navigateur";
  if (ua.find("Firefox/") != std::string::npos)
    b = "Firefox";
  else if (ua.find("Edg/") != std::string::npos)
    b = "Edge";
  else if (ua.find("Chrome/") != std::string::npos)
    b = "Chrome";
  else if (ua.find("Safari/") != std::string::npos)
    b = "Safari";
  std::string os;
  if (ua.find("Windows") != std::string::npos)
    os = "Windows";
  else if (ua.find("Android") != std::string::npos)
    os = "Android";
  else if (ua.find("iPhone") != std::string::npos || ua.find("iPad") != std::string::npos)
    os = "iOS";
  else if (ua.find("Mac OS") != std::string::npos)
    os = "macOS";
  else if (ua.find("Linux") != std::string::npos)
    os = "Linux";
  return os.empty() ? b : b + " sur " + os;
}

std::string where_after_login(const Session& s) {
  if (!s.mfa_ok()) return s.totp_enabled ? "/connexion/code" : "/compte/mfa";
  if (s.must_change_password) return "/compte/mot-de-passe";
  return "/";
}

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

json kinds_json(const std::string& selected) {
  json out = json::array();
  for (const auto& k : structure_kinds()) {
    out.push_back({{"code", k.code}, {"label", k.label}, {"selected", k.code == selected}});
  }
  return out;
}

}  // namespace

AccessWeb::AccessWeb(AccessService& service, const ui::Renderer& renderer, std::string base_url)
    : service_(service), renderer_(renderer), base_url_(std::move(base_url)) {}

Response AccessWeb::page(const Request& req, std::string_view tmpl, json ctx, int status) const {
  return ui::page_response(renderer_, req, tmpl, ctx, status);
}

void AccessWeb::install(http::PipelineHooks& hooks) {
  hooks.authenticate = [this](Request& req, Response& pre) {
    auto it = req.cookies.find(kSessionCookie);
    if (it == req.cookies.end()) return;
    auto s = service_.authenticate(it->second);
    if (!s) {
      clear_cookie(pre, kSessionCookie);
      return;
    }
    req.principal = principal_from(*s);
    req.auth = std::move(*s);
  };
  hooks.verify_csrf = [](const Request& req) {
    const std::string& header = req.header("x-csrf-token");
    const std::string& sent = header.empty() ? req.form.get("csrf") : header;
    if (sent.empty()) return false;
    if (const Session* s = std::any_cast<Session>(&req.auth)) {
      return equal_secrets(sent, s->csrf_token);
    }
    auto c = req.cookies.find(kCsrfCookie);
    return c != req.cookies.end() && equal_secrets(sent, c->second);
  };
  hooks.authorize = authorize;
}

void AccessWeb::register_routes(http::Router& router) {
  account_routes(router);
  admin_routes(router);
}

void AccessWeb::account_routes(http::Router& router) {
  // Public forms need a CSRF token before there is a session: a double-submit cookie.
  auto anonymous_form = [this](const Request& req, std::string_view tmpl, json ctx,
                               int status = 200) {
    std::string token;
    bool fresh = false;
    if (const Session* s = std::any_cast<Session>(&req.auth)) {
      token = s->csrf_token;
    } else if (auto c = req.cookies.find(kCsrfCookie);
               c != req.cookies.end() && c->second.size() >= 32) {
      token = c->second;
    } else {
      SystemRandom rng;
      token = new_token(rng, 32);
      fresh = true;
    }
    ctx["csrf"] = token;
    Response res = page(req, tmpl, ctx, status);
    if (fresh) set_cookie(res, kCsrfCookie, token);
    return res;
  };

  router.get("/connexion", Permission::public_access("login form"),
             [this, anonymous_form](Request& req) {
               if (const Session* s = std::any_cast<Session>(&req.auth)) {
                 return Response::redirect(where_after_login(*s));
               }
               json ctx = {{"title", "Connexion"}, {"nav", "login"}};
               if (req.query.has("reinitialise")) {
                 ctx["notice"] = "Votre mot de passe a été modifié. Connectez-vous.";
               }
               if (req.query.has("bienvenue")) {
                 ctx["notice"] = "Votre compte est prêt. Connectez-vous pour continuer.";
               }
               if (req.query.has("deconnecte")) ctx["notice"] = "Vous êtes déconnecté·e.";
               return anonymous_form(req, "login", ctx);
             });

  router.post(
      "/connexion", Permission::public_access("login form"), [this, anonymous_form](Request& req) {
        ui::Form form(req);
        std::string email = form.text("email");
        auto r = service_.login(email, form.raw("password"), req.remote_ip,
                                browser_summary(req.header("user-agent")));
        if (r.status != AccessService::LoginStatus::kOk) {
          form.error("form", kLoginFailed);
          json ctx = {{"title", "Connexion"}, {"nav", "login"}};
          form.fill(ctx);
          return anonymous_form(req, "login", ctx,
                                r.status == AccessService::LoginStatus::kThrottled ? 429 : 401);
        }
        Response res = Response::redirect(where_after_login(r.session));
        set_cookie(res, kSessionCookie, r.token);
        return res;
      });

  // The code page tells the user when wrong codes locked their account since their last
  // complete login: whoever typed them knew the password.
  auto code_context = [this](const Session& s) {
    json ctx = {{"title", "Code de vérification"}};
    if (auto at = service_.second_factor_lock_notice(s)) {
      ctx["lock_warning"] = dates::french_datetime(*at);
    }
    return ctx;
  };

  router.get("/connexion/code", Permission::capability(kMfaStep),
             [this, code_context](Request& req) {
               const Session& s = session_of(req);
               if (s.mfa_verified || !s.totp_enabled) {
                 return Response::redirect(where_after_login(s));
               }
               return page(req, "login_code", code_context(s));
             });

  router.post("/connexion/code", Permission::capability(kMfaStep),
              [this, anonymous_form, code_context](Request& req) {
                const Session& s = session_of(req);
                ui::Form form(req);
                auto r = service_.verify_second_factor(s, form.text("code"));
                using Status2 = AccessService::SecondFactorStatus;
                if (r.status == Status2::kLocked) {
                  // The pending session is gone: back to the login form, signed out.
                  form.error(
                      "form",
                      "Trop de codes erronés : par sécurité, la connexion à ce compte est bloquée "
                      "pendant 15 minutes. Un e-mail a été envoyé au titulaire du compte.");
                  json ctx = {{"title", "Connexion"}, {"nav", "login"}};
                  form.fill(ctx);
                  req.auth.reset();
                  req.principal.reset();
                  Response res = anonymous_form(req, "login", ctx, 429);
                  clear_cookie(res, kSessionCookie);
                  return res;
                }
                if (r.status != Status2::kOk) {
                  form.error("code",
                             "Code incorrect ou expiré. Saisissez le code à 6 chiffres affiché par "
                             "votre application, ou un code de secours.");
                  json ctx = code_context(s);
                  form.fill(ctx);
                  return page(req, "login_code", ctx, 422);
                }
                Session next = s;
                next.mfa_verified = true;
                Response res = Response::redirect(where_after_login(next));
                set_cookie(res, kSessionCookie, r.token);
                return res;
              });

  router.get("/compte/mfa", Permission::capability(kMfaStep), [this](Request& req) {
    const Session& s = session_of(req);
    if (s.totp_enabled) {
      return s.mfa_verified ? page(req, "mfa_active", {{"title", "Double authentification"}})
                            : Response::redirect("/connexion/code");
    }
    auto uri = service_.pending_totp_uri(s);
    if (!uri) uri = service_.begin_totp_enrolment(s);
    std::string secret = uri->substr(uri->find("secret=") + 7);
    secret = secret.substr(0, secret.find('&'));
    std::string grouped;
    for (size_t i = 0; i < secret.size(); ++i)
      grouped += (i && i % 4 == 0 ? " " : "") + std::string(1, secret[i]);
    return page(req, "mfa_enrol",
                {{"title", "Activer la double authentification"},
                 {"qr_svg", qr_svg(*uri)},
                 {"secret", grouped}});
  });

  router.post("/compte/mfa", Permission::capability(kMfaStep), [this](Request& req) {
    const Session& s = session_of(req);
    if (s.totp_enabled) return Response::redirect("/compte/mfa");
    ui::Form form(req);
    auto done = service_.confirm_totp_enrolment(s, form.text("code"));
    if (!done) {
      form.error("code",
                 "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez le "
                 "code à 6 chiffres affiché maintenant.");
      auto uri = service_.pending_totp_uri(s);
      if (!uri) return Response::redirect("/compte/mfa");
      std::string secret = uri->substr(uri->find("secret=") + 7);
      secret = secret.substr(0, secret.find('&'));
      json ctx = {{"title", "Activer la double authentification"},
                  {"qr_svg", qr_svg(*uri)},
                  {"secret", secret}};
      form.fill(ctx);
      return page(req, "mfa_enrol", ctx, 422);
    }
    json codes = json::array();
    for (const auto& c : done->recovery_codes) codes.push_back(c);
    Session next = s;
    next.mfa_verified = true;
    Response res =
        page(req, "mfa_codes",
             {{"title", "Codes de secours"}, {"codes", codes}, {"next", where_after_login(next)}});
    set_cookie(res, kSessionCookie, done->token);
    return res;
  });

  router.post("/deconnexion", Permission::capability(kLogout), [this](Request& req) {
    service_.logout(session_of(req));
    Response res = Response::redirect("/connexion?deconnecte=1");
    clear_cookie(res, kSessionCookie);
    res.set_header("Clear-Site-Data", "\"cache\", \"storage\"");
    return res;
  });

  router.get("/compte", Permission::authenticated(), [this](Request& req) {
    const Session& s = session_of(req);
    json sessions = json::array();
    for (const auto& v : service_.sessions_of(s)) {
      sessions.push_back({{"id", v.public_id},
                          {"browser", v.user_agent.empty() ? "Navigateur" : v.user_agent},
                          {"created", dates::french_datetime(v.created_at)},
                          {"seen", dates::french_datetime(v.last_seen_at)},
                          {"current", v.current}});
    }
    json ctx = {{"title", "Mon compte"},      {"nav", "account"},
                {"email", s.email},           {"display_name", s.display_name},
                {"role", role_label(s.role)}, {"sessions", sessions}};
    if (req.query.has("session_terminee")) ctx["notice"] = "La session a été fermée.";
    if (req.query.has("mot_de_passe")) ctx["notice"] = "Votre mot de passe a été modifié.";
    return page(req, "account", ctx);
  });

  router.post("/compte/sessions/{id}/fin", Permission::authenticated(), [this](Request& req) {
    if (!service_.end_session(session_of(req), req.param("id"))) return Response::not_found();
    return Response::redirect("/compte?session_terminee=1");
  });

  router.get("/compte/mot-de-passe", Permission::capability(kOwnPassword), [this](Request& req) {
    return page(
        req, "password_change",
        {{"title", "Changer de mot de passe"}, {"forced", session_of(req).must_change_password}});
  });

  router.post("/compte/mot-de-passe", Permission::capability(kOwnPassword), [this](Request& req) {
    const Session& s = session_of(req);
    ui::Form form(req);
    bool throttled = false;
    if (form.raw("password") != form.raw("confirm")) {
      form.error("confirm", "Les deux saisies du nouveau mot de passe sont différentes.");
    } else if (auto st = service_.change_password(s, form.raw("current"), form.raw("password"));
               !st.ok()) {
      throttled = st.error().kind == ErrorKind::kForbidden;
      form.fail(st.error());
    }
    if (!form.ok()) {
      json ctx = {{"title", "Changer de mot de passe"}, {"forced", s.must_change_password}};
      form.fill(ctx);
      return page(req, "password_change", ctx, throttled ? 429 : 422);
    }
    return Response::redirect(s.must_change_password ? "/" : "/compte?mot_de_passe=1");
  });

  router.get("/mot-de-passe-oublie", Permission::public_access("password reset request"),
             [anonymous_form](Request& req) {
               return anonymous_form(req, "password_forgot", {{"title", "Mot de passe oublié"}});
             });

  router.post(
      "/mot-de-passe-oublie", Permission::public_access("password reset request"),
      [this, anonymous_form](Request& req) {
        ui::Form form(req);
        if (!service_.request_password_reset(form.text("email"), base_url_, req.remote_ip)) {
          form.error("email",
                     "Trop de demandes récentes pour cette adresse ou depuis ce poste. "
                     "Utilisez le dernier lien reçu, ou réessayez dans une heure.");
          json ctx = {{"title", "Mot de passe oublié"}};
          form.fill(ctx);
          return anonymous_form(req, "password_forgot", ctx, 429);
        }
        return anonymous_form(req, "password_forgot",
                              {{"title", "Mot de passe oublié"}, {"sent", true}});
      });

  auto token_form = [this, anonymous_form](const char* purpose, const char* title,
                                           const char* tmpl) {
    return [=, this](Request& req) {
      std::string token = req.query.get("jeton");
      bool valid = !token.empty() && service_.token_valid(token, purpose);
      return anonymous_form(req, tmpl, {{"title", title}, {"token", token}, {"invalid", !valid}},
                            valid ? 200 : 410);
    };
  };
  auto token_submit = [this, anonymous_form](bool invitation, const char* title, const char* tmpl) {
    return [=, this](Request& req) {
      ui::Form form(req);
      std::string token = req.form.get("jeton");
      if (form.raw("password") != form.raw("confirm")) {
        form.error("confirm", "Les deux saisies du mot de passe sont différentes.");
      } else {
        Status st = invitation ? service_.accept_invitation(token, form.raw("password"))
                               : service_.reset_password(token, form.raw("password"),
                                                         form.checked("end_sessions"));
        if (!st.ok()) form.fail(st.error());
      }
      if (!form.ok()) {
        json ctx = {{"title", title}, {"token", token}};
        form.fill(ctx);
        return anonymous_form(req, tmpl, ctx, 422);
      }
      return Response::redirect(invitation ? "/connexion?bienvenue=1"
                                           : "/connexion?reinitialise=1");
    };
  };
  router.get("/mot-de-passe/nouveau", Permission::public_access("password reset link"),
             token_form("reset", "Nouveau mot de passe", "password_reset"));
  router.post("/mot-de-passe/nouveau", Permission::public_access("password reset link"),
              token_submit(false, "Nouveau mot de passe", "password_reset"));
  router.get("/invitation", Permission::public_access("invitation link"),
             token_form("invite", "Rejoindre Jalon", "invitation"));
  router.post("/invitation", Permission::public_access("invitation link"),
              token_submit(true, "Rejoindre Jalon", "invitation"));

  router.get("/api/v1/moi", Permission::authenticated(), [](Request& req) {
    const Session& s = session_of(req);
    return Response::json(json{
        {"id", s.user_id},
        {"display_name", s.display_name},
        {"email", s.email},
        {"role", role_code(s.role)},
        {"structure_id",
         s.structure_id}}.dump());
  });
}

void AccessWeb::admin_routes(http::Router& router) {
  router.get("/admin/structure", Permission::capability("structure.settings"),
             [this](Request& req) {
               const Session& s = session_of(req);
               auto st = service_.structure(s.structure_id);
               if (!st) return Response::not_found();
               json ctx = {
                   {"title", "Paramètres de la structure"},
                   {"nav", "admin"},
                   {"values",
                    {{"name", st->name}, {"siret", st->siret}, {"commune_code", st->commune_code}}},
                   {"health_module", st->health_module},
                   {"kinds", kinds_json(st->kind)}};
               if (req.query.has("enregistre"))
                 ctx["notice"] = "Les paramètres ont été enregistrés.";
               return page(req, "admin_structure", ctx);
             });

  router.post("/admin/structure", Permission::capability("structure.settings"),
              [this](Request& req) {
                const Session& s = session_of(req);
                ui::Form form(req);
                StructureView v;
                v.name = form.text("name");
                v.kind = form.text("kind");
                v.siret = form.text("siret");
                v.commune_code = form.text("commune_code");
                v.health_module = form.checked("health_module");
                if (auto st = service_.update_structure(s, v); !st.ok()) {
                  form.fail(st.error());
                  json ctx = {{"title", "Paramètres de la structure"},
                              {"nav", "admin"},
                              {"health_module", v.health_module},
                              {"kinds", kinds_json(v.kind)}};
                  form.fill(ctx);
                  return page(req, "admin_structure", ctx, 422);
                }
                return Response::redirect("/admin/structure?enregistre=1");
              });

  router.get("/admin/utilisateurs", Permission::capability("users.manage"), [this](Request& req) {
    const Session& s = session_of(req);
    json users = json::array();
    for (const auto& u : service_.users_of(s)) {
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
    json ctx = {{"title", "Utilisateurs"}, {"nav", "admin"}, {"users", users}};
    if (req.query.has("invite")) ctx["notice"] = "L'invitation a été envoyée.";
    if (req.query.has("modifie")) ctx["notice"] = "Les changements ont été enregistrés.";
    return page(req, "admin_users", ctx);
  });

  router.get("/admin/utilisateurs/inviter", Permission::capability("users.manage"),
             [this](Request& req) {
               const Session& s = session_of(req);
               return page(req, "admin_invite",
                           {{"title", "Inviter un utilisateur"},
                            {"nav", "admin"},
                            {"roles", roles_json(Role::kCounselor)},
                            {"teams", teams_json(service_.teams_of(s), "")}});
             });

  router.post(
      "/admin/utilisateurs/inviter", Permission::capability("users.manage"), [this](Request& req) {
        const Session& s = session_of(req);
        ui::Form form(req);
        std::string email = form.text("email");
        std::string name = form.text("display_name");
        std::string team = form.text("team_id");
        auto role = parse_role(form.text("role"));
        if (!role) {
          form.error("role", "Choisissez un rôle dans la liste.");
        } else if (auto r = service_.invite_user(s, email, name, *role, team, base_url_); !r.ok()) {
          form.fail(r.error());
        }
        if (!form.ok()) {
          json ctx = {{"title", "Inviter un utilisateur"},
                      {"nav", "admin"},
                      {"roles", roles_json(role.value_or(Role::kCounselor))},
                      {"teams", teams_json(service_.teams_of(s), team)}};
          form.fill(ctx);
          return page(req, "admin_invite", ctx, 422);
        }
        return Response::redirect("/admin/utilisateurs?invite=1");
      });

  router.get("/admin/utilisateurs/{id}", Permission::capability("users.manage"),
             [this](Request& req) {
               const Session& s = session_of(req);
               auto u = service_.user_in_structure(s, req.param("id"));
               if (!u) return Response::not_found();
               return page(req, "admin_user",
                           {{"title", u->display_name},
                            {"nav", "admin"},
                            {"u",
                             {{"id", u->id},
                              {"name", u->display_name},
                              {"email", u->email},
                              {"disabled", u->disabled},
                              {"self", u->id == s.user_id}}},
                            {"roles", roles_json(u->role)},
                            {"teams", teams_json(service_.teams_of(s), u->team_id)}});
             });

  router.post("/admin/utilisateurs/{id}", Permission::capability("users.manage"),
              [this](Request& req) {
                const Session& s = session_of(req);
                auto u = service_.user_in_structure(s, req.param("id"));
                if (!u) return Response::not_found();
                ui::Form form(req);
                auto role = parse_role(form.text("role"));
                std::string team = form.text("team_id");
                if (!role) {
                  form.error("role", "Choisissez un rôle dans la liste.");
                } else if (auto st = service_.change_role(s, u->id, *role, team); !st.ok()) {
                  form.fail(st.error());
                }
                if (!form.ok()) {
                  json ctx = {{"title", u->display_name},
                              {"nav", "admin"},
                              {"u",
                               {{"id", u->id},
                                {"name", u->display_name},
                                {"email", u->email},
                                {"disabled", u->disabled},
                                {"self", u->id == s.user_id}}},
                              {"roles", roles_json(role.value_or(u->role))},
                              {"teams", teams_json(service_.teams_of(s), team)}};
                  form.fill(ctx);
                  return page(req, "admin_user", ctx, 422);
                }
                return Response::redirect("/admin/utilisateurs?modifie=1");
              });

  for (bool disable : {true, false}) {
    router.post(
        disable ? "/admin/utilisateurs/{id}/desactiver" : "/admin/utilisateurs/{id}/reactiver",
        Permission::capability("users.manage"), [this, disable](Request& req) {
          auto st = service_.set_disabled(session_of(req), req.param("id"), disable);
          if (!st.ok()) {
            if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
            return Response::error(422, st.error().message);
          }
          return Response::redirect("/admin/utilisateurs?modifie=1");
        });
  }

  router.get("/admin/equipes", Permission::capability("teams.manage"), [this](Request& req) {
    json teams = json::array();
    for (const auto& t : service_.teams_of(session_of(req))) {
      teams.push_back({{"id", t.id}, {"name", t.name}, {"members", t.members}});
    }
    return page(req, "admin_teams", {{"title", "Équipes"}, {"nav", "admin"}, {"teams", teams}});
  });

  router.post("/admin/equipes", Permission::capability("teams.manage"), [this](Request& req) {
    const Session& s = session_of(req);
    ui::Form form(req);
    if (auto r = service_.create_team(s, form.text("name")); !r.ok()) {
      form.fail(r.error());
      json teams = json::array();
      for (const auto& t : service_.teams_of(s)) {
        teams.push_back({{"id", t.id}, {"name", t.name}, {"members", t.members}});
      }
      json ctx = {{"title", "Équipes"}, {"nav", "admin"}, {"teams", teams}};
      form.fill(ctx);
      return page(req, "admin_teams", ctx, 422);
    }
    return Response::redirect("/admin/equipes");
  });

  router.post("/admin/equipes/{id}", Permission::capability("teams.manage"), [this](Request& req) {
    auto st = service_.rename_team(session_of(req), req.param("id"), req.form.get("name"));
    if (!st.ok()) {
      if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
      return Response::error(422, st.error().message);
    }
    return Response::redirect("/admin/equipes");
  });

  router.get("/admin/journal/{type}/{id}", Permission::capability("audit.read"),
             [this](Request& req) {
               const Session& s = session_of(req);
               std::string type = req.param("type");
               if (!service_.object_in_structure(s, type, req.param("id"))) {
                 return Response::not_found();
               }
               json rows = json::array();
               for (const auto& r : service_.audit_for_object(s, type, req.param("id"))) {
                 rows.push_back({{"at", dates::french_datetime(r.at)},
                                 {"actor", r.actor_name},
                                 {"role", r.actor_role},
                                 {"action", r.action},
                                 {"outcome", r.outcome}});
               }
               return page(req, "admin_audit",
                           {{"title", "Journal des accès"},
                            {"nav", "admin"},
                            {"rows", rows},
                            {"empty", rows.empty()}});
             });

  router.get("/plateforme/structures", Permission::capability("platform.structures"),
             [this](Request& req) {
               json list = json::array();
               for (const auto& st : service_.all_structures()) {
                 std::string label = st.kind;
                 for (const auto& k : structure_kinds()) {
                   if (k.code == st.kind) label = std::string(k.label);
                 }
                 list.push_back({{"name", st.name}, {"kind", label}});
               }
               return page(req, "platform_structures",
                           {{"title", "Structures"},
                            {"nav", "platform"},
                            {"structures", list},
                            {"kinds", kinds_json("aci")}});
             });

  router.post("/plateforme/structures", Permission::capability("platform.structures"),
              [this](Request& req) {
                const Session& s = session_of(req);
                ui::Form form(req);
                StructureView v;
                v.name = form.text("name");
                v.kind = form.text("kind");
                auto r = service_.create_structure(s, v, form.text("admin_email"),
                                                   form.text("admin_name"), base_url_);
                if (!r.ok()) {
                  form.fail(r.error());
                  json ctx = {{"title", "Structures"},
                              {"nav", "platform"},
                              {"structures", json::array()},
                              {"kinds", kinds_json(v.kind)}};
                  form.fill(ctx);
                  return page(req, "platform_structures", ctx, 422);
                }
                return Response::redirect("/plateforme/structures");
              });
}

}  // namespace jalon::access
