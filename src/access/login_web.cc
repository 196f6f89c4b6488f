// Signing in and out: the login form, the second-factor code, logout, and the public password
// pages (forgotten password, reset link, invitation link).
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
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

constexpr const char* kLoginFailed =
    "Connexion impossible : adresse e-mail ou mot de passe incorrect, ou trop de tentatives "
    "récentes. Vérifiez votre saisie, patientez quelques minutes ou réinitialisez votre mot de "
    "passe.";

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

// The page the user asked for before signing in (the login form's and the code form's
// "retour"), when it is a safe path of this site that is not a sign-in page; else "".
std::string return_path(const Request& req) {
  const std::string& sent =
      req.method == http::Method::kGet ? req.query.get("retour") : req.form.get("retour");
  std::string path = http::safe_return_path(sent);
  if (path.starts_with("/connexion") || path.starts_with("/deconnexion")) return {};
  return path;
}

// Where a sign-in step leads: the next step (carrying the page asked for), or that page.
std::string after_login(const Session& s, const std::string& back) {
  std::string next = where_after_login(s);
  if (back.empty()) return next;
  if (next == "/") return back;
  if (next == "/connexion/code") return next + "?retour=" + http::percent_encode(back);
  return next;
}

// The login form with a failed form's values and errors.
Response login_again(const Pages& p, Request& req, const ui::Form& form, int status) {
  json ctx = {{"title", "Connexion"}, {"nav", "login"}, {"retour", return_path(req)}};
  form.fill(ctx);
  return p.anonymous_form(req, "login", ctx, status);
}

Response login_form(const Pages& p, Request& req) {
  if (const Session* s = std::any_cast<Session>(&req.auth)) {
    return Response::redirect(after_login(*s, return_path(req)));
  }
  json ctx = {{"title", "Connexion"}, {"nav", "login"}, {"retour", return_path(req)}};
  if (req.query.has("reinitialise")) {
    ctx["notice"] = "Votre mot de passe a été modifié. Connectez-vous.";
  }
  if (req.query.has("bienvenue")) {
    ctx["notice"] = "Votre compte est prêt. Connectez-vous pour continuer.";
  }
  if (req.query.has("deconnecte")) ctx["notice"] = "Vous êtes déconnecté·e.";
  return p.anonymous_form(req, "login", ctx);
}

Response login(const Pages& p, Request& req) {
  ui::Form form(req);
  std::string email = form.text("email");
  auto r = p.service.login(email, form.raw("password"), req.remote_ip,
                           browser_summary(req.header("user-agent")));
  if (r.status != AccessService::LoginStatus::kOk) {
    form.error("form", kLoginFailed);
    return login_again(p, req, form,
                       r.status == AccessService::LoginStatus::kThrottled ? 429 : 401);
  }
  Response res = Response::redirect(after_login(r.session, return_path(req)));
  set_cookie(res, kSessionCookie, r.token);
  return res;
}

// The code page tells the user when wrong codes locked their account since their last
// complete login: whoever typed them knew the password.
json code_context(const Pages& p, const Request& req, const Session& s) {
  json ctx = {{"title", "Code de vérification"}, {"retour", return_path(req)}};
  if (auto at = p.service.second_factor_lock_notice(s)) {
    ctx["lock_warning"] = dates::french_datetime(*at);
  }
  return ctx;
}

Response code_form(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  if (s.mfa_verified || !s.totp_enabled) {
    return Response::redirect(after_login(s, return_path(req)));
  }
  return p.page(req, "login_code", code_context(p, req, s));
}

Response check_code(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  ui::Form form(req);
  auto r = p.service.verify_second_factor(s, form.text("code"));
  using Status2 = AccessService::SecondFactorStatus;
  if (r.status == Status2::kLocked) {
    // The pending session is gone: back to the login form, signed out.
    form.error("form",
               "Trop de codes erronés : par sécurité, la connexion à ce compte est bloquée "
               "pendant 15 minutes. Un e-mail a été envoyé au titulaire du compte.");
    req.auth.reset();
    req.principal.reset();
    Response res = login_again(p, req, form, 429);
    clear_cookie(res, kSessionCookie);
    return res;
  }
  if (r.status != Status2::kOk) {
    form.error("code",
               "Code incorrect ou expiré. Saisissez le code à 6 chiffres affiché par "
               "votre application, ou un code de secours.");
    json ctx = code_context(p, req, s);
    form.fill(ctx);
    return p.page(req, "login_code", ctx, 422);
  }
  Session next = s;
  next.mfa_verified = true;
  Response res = Response::redirect(after_login(next, return_path(req)));
  set_cookie(res, kSessionCookie, r.token);
  return res;
}

Response logout(const Pages& p, Request& req) {
  p.service.logout(session_of(req));
  Response res = Response::redirect("/connexion?deconnecte=1");
  clear_cookie(res, kSessionCookie);
  res.set_header("Clear-Site-Data", "\"cache\", \"storage\"");
  return res;
}

Response forgot_form(const Pages& p, Request& req) {
  return p.anonymous_form(req, "password_forgot", {{"title", "Mot de passe oublié"}});
}

Response request_reset(const Pages& p, Request& req) {
  ui::Form form(req);
  if (!p.service.request_password_reset(form.text("email"), p.base_url, req.remote_ip)) {
    form.error("email",
               "Trop de demandes récentes pour cette adresse ou depuis ce poste. "
               "Utilisez le dernier lien reçu, ou réessayez dans une heure.");
    json ctx = {{"title", "Mot de passe oublié"}};
    form.fill(ctx);
    return p.anonymous_form(req, "password_forgot", ctx, 429);
  }
  return p.anonymous_form(req, "password_forgot",
                          {{"title", "Mot de passe oublié"}, {"sent", true}});
}

// A page opened from an e-mailed link (reset or invitation): 410 once the link is spent.
Response token_form(const Pages& p, Request& req, const char* purpose, const char* title,
                    const char* tmpl) {
  std::string token = req.query.get("jeton");
  bool valid = !token.empty() && p.service.token_valid(token, purpose);
  return p.anonymous_form(req, tmpl, {{"title", title}, {"token", token}, {"invalid", !valid}},
                          valid ? 200 : 410);
}

Response token_submit(const Pages& p, Request& req, bool invitation, const char* title,
                      const char* tmpl) {
  ui::Form form(req);
  std::string token = req.form.get("jeton");
  if (form.raw("password") != form.raw("confirm")) {
    form.error("confirm", "Les deux saisies du mot de passe sont différentes.");
  } else {
    Status st = invitation ? p.service.accept_invitation(token, form.raw("password"))
                           : p.service.reset_password(token, form.raw("password"),
                                                      form.checked("end_sessions"));
    if (!st.ok()) form.fail(st.error());
  }
  if (!form.ok()) {
    json ctx = {{"title", title}, {"token", token}};
    form.fill(ctx);
    return p.anonymous_form(req, tmpl, ctx, 422);
  }
  return Response::redirect(invitation ? "/connexion?bienvenue=1" : "/connexion?reinitialise=1");
}

Response reset_form(const Pages& p, Request& req) {
  return token_form(p, req, "reset", "Nouveau mot de passe", "password_reset");
}
Response reset(const Pages& p, Request& req) {
  return token_submit(p, req, false, "Nouveau mot de passe", "password_reset");
}
Response invitation_form(const Pages& p, Request& req) {
  return token_form(p, req, "invite", "Rejoindre Jalon", "invitation");
}
Response accept_invitation(const Pages& p, Request& req) {
  return token_submit(p, req, true, "Rejoindre Jalon", "invitation");
}

// What session.js knows of the page's session: signed in, seconds left, the forms' CSRF token.
Response session_answer(const SessionClock::State& st) {
  json out = {{"signed_in", st.signed_in}};
  if (st.signed_in) {
    out["expires_in"] = st.remaining / 1000;
    out["csrf"] = st.csrf;
  }
  Response res = Response::json(out.dump());
  res.set_header("Cache-Control", "no-store");
  return res;
}

// Read without restarting the idle timer (the authenticate hook leaves this path alone).
Response session_status(const Pages& p, Request& req) {
  auto it = req.cookies.find(kSessionCookie);
  return session_answer(p.sessions.peek(it == req.cookies.end() ? "" : it->second));
}

// "Rester connecté·e": signed-in requests restart the idle timer (at most once a minute); this
// POST (CSRF-checked) is one, and answers what is now left.
Response extend_session(const Pages& p, Request& req) {
  const Session& s = session_of(req);
  return session_answer({true, p.sessions.remaining(s.created_at, s.last_seen_at), s.csrf_token});
}

}  // namespace

void register_login_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  const Permission login_page = Permission::public_access("login form");
  const Permission reset_request = Permission::public_access("password reset request");
  const Permission reset_link = Permission::public_access("password reset link");
  const Permission invitation_link = Permission::public_access("invitation link");
  const Permission session_state = Permission::public_access("session status of an open page");
  router.add_all({
      {kGet, "/connexion", login_page, http::on(p, login_form)},
      {kPost, "/connexion", login_page, http::on(p, login)},
      {kGet, "/connexion/code", kMfaStepPage, http::on(p, code_form)},
      {kPost, "/connexion/code", kMfaStepPage, http::on(p, check_code)},
      {kPost, "/deconnexion", kLogoutPage, http::on(p, logout)},
      {kGet, kSessionStatusPath, session_state, http::on(p, session_status)},
      {kPost, "/session/prolonger", kSignedIn, http::on(p, extend_session)},
      {kGet, "/mot-de-passe-oublie", reset_request, http::on(p, forgot_form)},
      {kPost, "/mot-de-passe-oublie", reset_request, http::on(p, request_reset)},
      {kGet, "/mot-de-passe/nouveau", reset_link, http::on(p, reset_form)},
      {kPost, "/mot-de-passe/nouveau", reset_link, http::on(p, reset)},
      {kGet, "/invitation", invitation_link, http::on(p, invitation_form)},
      {kPost, "/invitation", invitation_link, http::on(p, accept_invitation)},
  });
}

}  // namespace jalon::access::web
