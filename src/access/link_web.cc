#include "access/link_web.h"

#include "access/web.h"
#include "access/web_pages.h"
#include "core/random.h"
#include "ui/page.h"

namespace jalon::access {

http::Response link_page(const ui::Renderer& renderer, const http::Request& req,
                         std::string_view tmpl, nlohmann::json ctx, int status) {
  std::string token;
  bool fresh = false;
  if (auto c = req.cookies.find(kCsrfCookie); c != req.cookies.end() && c->second.size() >= 32) {
    token = c->second;
  } else {
    SystemRandom rng;
    token = new_token(rng, 32);
    fresh = true;
  }
  ctx["csrf"] = token;
  http::Response res = ui::page_response(renderer, req, tmpl, ctx, status);
  if (fresh) web::set_cookie(res, kCsrfCookie, token);
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace jalon::access
