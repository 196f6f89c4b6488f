#include "access/web.h"

#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/capabilities_partners.h"
#include "access/policy.h"
#include "access/web_pages.h"
#include "core/random.h"
#include "ui/page.h"

namespace jalon::access {
namespace {

using http::Request;
using http::Response;

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
  if (role_has(s.role, capability::kUsersManage)) p.nav.emplace_back("admin");
  if (role_has(s.role, capability::kPlatformStructures)) p.nav.emplace_back("platform");
  if (role_has(s.role, capability::kBeneficiariesRead)) p.nav.emplace_back("caseload");
  if (role_has(s.role, capability::kPathwayRead)) p.nav.emplace_back("agenda");
  if (role_has(s.role, capability::kPathwayRead)) p.nav.emplace_back("workshops");
  if (role_has(s.role, capability::kPathwayRead)) p.nav.emplace_back("todo");
  if (!s.structure_id.empty()) p.nav.emplace_back("rome");
  if (role_has(s.role, capability::kTerritoriesRead)) p.nav.emplace_back("territories");
  if (role_has(s.role, capability::kEmployersRead)) p.nav.emplace_back("employers");
  if (role_has(s.role, capability::kPartnersRead)) p.nav.emplace_back("partners");
  if (role_has(s.role, capability::kPartnersInbox)) p.nav.emplace_back("partner_inbox");
  if (role_has(s.role, capability::kOutcomesStats)) p.nav.emplace_back("outcomes");
  return p;
}

}  // namespace

namespace web {

void set_cookie(Response& res, std::string_view name, std::string_view value) {
  res.headers.emplace_back("Set-Cookie", std::string(name) + "=" + std::string(value) +
                                             "; Path=/; Secure; HttpOnly; SameSite=Lax");
}

void clear_cookie(Response& res, std::string_view name) {
  res.headers.emplace_back(
      "Set-Cookie", std::string(name) + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
}

std::string where_after_login(const Session& s) {
  if (!s.mfa_ok()) return s.totp_enabled ? "/connexion/code" : "/compte/mfa";
  if (s.must_change_password) return "/compte/mot-de-passe";
  return "/";
}

Response Pages::page(const Request& req, std::string_view tmpl, nlohmann::json ctx,
                     int status) const {
  return ui::page_response(renderer, req, tmpl, ctx, status);
}

Response Pages::anonymous_form(const Request& req, std::string_view tmpl, nlohmann::json ctx,
                               int status) const {
  return anonymous_page(renderer, req, tmpl, std::move(ctx), status);
}

}  // namespace web

Response anonymous_page(const ui::Renderer& renderer, const Request& req, std::string_view tmpl,
                        nlohmann::json ctx, int status) {
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
  Response res = ui::page_response(renderer, req, tmpl, ctx, status);
  if (fresh) web::set_cookie(res, kCsrfCookie, token);
  res.set_header("Cache-Control", "no-store");
  return res;
}

AccessWeb::AccessWeb(AccessService& service, const ui::Renderer& renderer, std::string base_url,
                     SessionClock sessions)
    : service_(service),
      renderer_(renderer),
      base_url_(std::move(base_url)),
      sessions_(std::move(sessions)) {}

void AccessWeb::install(http::PipelineHooks& hooks) {
  hooks.authenticate = [this](Request& req, Response& pre) {
    auto it = req.cookies.find(kSessionCookie);
    if (it == req.cookies.end()) return;
    // The session-status poll reads the session itself, without restarting its idle timer.
    if (req.path == web::kSessionStatusPath) return;
    auto s = service_.authenticate(it->second);
    if (!s) {
      web::clear_cookie(pre, kSessionCookie);
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
  const web::Pages pages{service_, renderer_, base_url_, sessions_};
  web::register_login_pages(router, pages);
  web::register_account_pages(router, pages);
  web::register_admin_pages(router, pages);
  web::register_platform_pages(router, pages);
}

}  // namespace jalon::access
