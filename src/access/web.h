// The access layer on the web: the pipeline hooks (session cookie -> principal, CSRF) and the
// pages for login, second factor, account, password reset, invitations and administration
// (route tables in login_web.cc, account_web.cc, admin_web.cc and platform_web.cc).
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "access/service.h"
#include "access/session_clock.h"
#include "http/router.h"
#include "ui/render.h"

namespace jalon::access {

// `__Host-` cookies: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain (SR 29). Browsers treat
// http://127.0.0.1 and http://localhost as secure contexts, so `make run` on loopback works with
// the same attributes as a real HTTPS deployment: nothing is weakened for local use.
inline constexpr const char* kSessionCookie = "__Host-jalon_session";
inline constexpr const char* kCsrfCookie = "__Host-jalon_csrf";

// A public form's page (sign-in, a single-use link's page): the CSRF token is the session's, else
// a double-submit cookie (set when missing), and the page is never cached.
http::Response anonymous_page(const ui::Renderer& renderer, const http::Request& req,
                              std::string_view tmpl, nlohmann::json ctx, int status = 200);

class AccessWeb {
 public:
  AccessWeb(AccessService& service, const ui::Renderer& renderer, std::string base_url,
            SessionClock sessions);
  void install(http::PipelineHooks& hooks);
  void register_routes(http::Router& router);

 private:
  AccessService& service_;
  const ui::Renderer& renderer_;
  std::string base_url_;
  SessionClock sessions_;
};

}  // namespace jalon::access
