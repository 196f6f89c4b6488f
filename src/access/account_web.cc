// The signed-in user's own account: second-factor enrolment, sessions, password change, and
// the API's "who am I".
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/totp.h"
#include "access/web.h"
#include "access/web_pages.h"
#include "core/dates.h"
#include "http/forms.h"
#include "ui/page.h"

namespace jalon::access::web {
namespace {

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;

// The base32 secret of an otpauth URI, for typing it by hand.
std::string secret_of(const std::string& uri) {
  std::string secret = uri.substr(uri.find("secret=") + 7);
  return secret.substr(0, secret.find('&'));
}

Response enrolment_form(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  if (s.totp_enabled) {
    return s.mfa_verified ? p.page(req, "mfa_active", {{"title", "Double authentification"}})
                          : Response::redirect("/connexion/code");
  }
  auto uri = p.service.pending_totp_uri(s);
  if (!uri) uri = p.service.begin_totp_enrolment(s);
  std::string secret = secret_of(*uri);
  std::string grouped;
  for (size_t i = 0; i < secret.size(); ++i)
    grouped += (i && i % 4 == 0 ? " " : "") + std::string(1, secret[i]);
  return p.page(req, "mfa_enrol",
                {{"title", "Activer la double authentification"},
                 {"qr_svg", qr_svg(*uri)},
                 {"secret", grouped}});
}

Response confirm_enrolment(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  if (s.totp_enabled) return Response::redirect("/compte/mfa");
  ui::Form form(req);
  auto done = p.service.confirm_totp_enrolment(s, form.text("code"));
  if (!done) {
    form.error("code",
               "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez le "
               "code à 6 chiffres affiché maintenant.");
    auto uri = p.service.pending_totp_uri(s);
    if (!uri) return Response::redirect("/compte/mfa");
    json ctx = {{"title", "Activer la double authentification"},
                {"qr_svg", qr_svg(*uri)},
                {"secret", secret_of(*uri)}};
    form.fill(ctx);
    return p.page(req, "mfa_enrol", ctx, 422);
  }
  json codes = json::array();
  // The same codes as a text file the browser saves (shown once: nothing is kept to send later).
  std::string file = "Codes de secours Jalon du compte " + s.email +
                     "\nChaque code ne sert qu'une fois, si vous n'avez plus votre téléphone.\n\n";
  for (const auto& c : done->recovery_codes) {
    codes.push_back(c);
    file += c + "\n";
  }
  Session next = s;
  next.mfa_verified = true;
  Response res =
      p.page(req, "mfa_codes",
             {{"title", "Codes de secours"},
              {"codes", codes},
              {"next", where_after_login(next)},
              {"print_button", true},
              {"download", "data:text/plain;charset=utf-8," + http::percent_encode(file)}});
  set_cookie(res, kSessionCookie, done->token);
  return res;
}

Response account(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  json sessions = json::array();
  for (const auto& v : p.service.sessions_of(s)) {
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
  return p.page(req, "account", ctx);
}

Response end_session(const Pages& p, Request& req) {
  if (!p.service.end_session(session_of(req), req.param("id"))) return Response::not_found();
  return Response::redirect("/compte?session_terminee=1");
}

Response password_form(const Pages& p, Request& req) {
  return p.page(
      req, "password_change",
      {{"title", "Changer de mot de passe"}, {"forced", session_of(req).must_change_password}});
}

Response change_password(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  ui::Form form(req);
  bool throttled = false;
  if (form.raw("password") != form.raw("confirm")) {
    form.error("confirm", "Les deux saisies du nouveau mot de passe sont différentes.");
  } else if (auto st = p.service.change_password(s, form.raw("current"), form.raw("password"));
             !st.ok()) {
    throttled = st.error().kind == ErrorKind::kForbidden;
    form.fail(st.error());
  }
  if (!form.ok()) {
    json ctx = {{"title", "Changer de mot de passe"}, {"forced", s.must_change_password}};
    form.fill(ctx);
    return p.page(req, "password_change", ctx, throttled ? 429 : 422);
  }
  return Response::redirect(s.must_change_password ? "/" : "/compte?mot_de_passe=1");
}

Response me(const Pages&, Request& req) {
  const Session& s = session_of(req);
  return Response::json(json{
      {"id", s.user_id},
      {"display_name", s.display_name},
      {"email", s.email},
      {"role", role_code(s.role)},
      {"structure_id",
       s.structure_id}}.dump());
}

}  // namespace

void register_account_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  router.add_all({
      {kGet, "/compte/mfa", kMfaStepPage, http::on(p, enrolment_form)},
      {kPost, "/compte/mfa", kMfaStepPage, http::on(p, confirm_enrolment)},
      {kGet, "/compte", kSignedIn, http::on(p, account)},
      {kPost, "/compte/sessions/{id}/fin", kSignedIn, http::on(p, end_session)},
      {kGet, "/compte/mot-de-passe", kOwnPasswordPage, http::on(p, password_form)},
      {kPost, "/compte/mot-de-passe", kOwnPasswordPage, http::on(p, change_password)},
      {kGet, "/api/v1/moi", kSignedIn, http::on(p, me)},
  });
}

}  // namespace jalon::access::web
