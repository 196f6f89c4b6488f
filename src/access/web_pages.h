// What the access pages share (login, account, administration, platform files); not for other
// modules. Each file registers its route table from a `Pages` (references to the service and the
// renderer, copied into each handler by http::on).
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "access/capabilities.h"
#include "access/service.h"
#include "access/session_clock.h"
#include "http/router.h"
#include "ui/render.h"

namespace jalon::ui {
class Form;
}

namespace jalon::access::web {

struct Pages {
  AccessService& service;
  const ui::Renderer& renderer;
  const std::string& base_url;
  const SessionClock& sessions;

  http::Response page(const http::Request& req, std::string_view tmpl, nlohmann::json ctx,
                      int status = 200) const;
  // Public forms need a CSRF token before there is a session: a double-submit cookie.
  http::Response anonymous_form(const http::Request& req, std::string_view tmpl, nlohmann::json ctx,
                                int status = 200) const;
};

void set_cookie(http::Response& res, std::string_view name, std::string_view value);
void clear_cookie(http::Response& res, std::string_view name);
// Where a session goes next: second factor, enrolment, forced password change, or home.
std::string where_after_login(const Session& s);

// The session-status poll of open pages (session.js): read without restarting the idle timer.
inline constexpr const char* kSessionStatusPath = "/session/etat";

// The permissions of the pages with a rule of their own (policy.cc) or none.
inline const http::Permission kMfaStepPage = http::Permission::capability(kMfaStep);
inline const http::Permission kLogoutPage = http::Permission::capability(kLogout);
inline const http::Permission kOwnPasswordPage = http::Permission::capability(kOwnPassword);
inline const http::Permission kSignedIn = http::Permission::authenticated();

// The structure kinds as form options, `selected` checked.
nlohmann::json kinds_json(const std::string& selected);
// A structure's name and kind as typed in a form.
StructureView structure_from(ui::Form& form);

void register_login_pages(http::Router& router, const Pages& p);
void register_account_pages(http::Router& router, const Pages& p);
void register_admin_pages(http::Router& router, const Pages& p);
void register_platform_pages(http::Router& router, const Pages& p);

}  // namespace jalon::access::web
