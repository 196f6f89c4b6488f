// /orientation-partenaire/{token}: the partner's page, without an account. An open link shows
// the referral (only what the person agreed to share) and the accept / decline form; a used
// link says the answer is recorded; an expired one offers "Recevoir un nouveau lien" (sent to
// the address the referral was sent to, never to the visitor); an unknown or revoked one says
// the link no longer works. No page names another person or another referral.
#include <nlohmann/json.hpp>

#include "access/web.h"
#include "core/dates.h"
#include "partners/referentials.h"
#include "partners/web.h"

namespace jalon::partners {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response anonymous_page(const Services& s, const Request& req, const std::string& tmpl, json ctx,
                        int status) {
  return access::anonymous_page(s.renderer, req, tmpl, std::move(ctx), status);
}

json link_context(const LinkView& v, const std::string& token) {
  json ctx = {{"title", "Orientation d'une personne accompagnée"}, {"token", token}};
  switch (v.state) {
    case LinkView::State::kOpen: {
      ctx["open"] = true;
      ctx["organisation"] = v.organisation;
      ctx["service"] = v.service;
      ctx["reason"] = v.reason;
      ctx["sent_on"] = dates::french_date(v.sent_on);
      ctx["first_name"] = v.first_name;
      ctx["last_name"] = v.last_name;
      ctx["identity"] = !v.last_name.empty();
      ctx["email"] = v.email;
      ctx["phone"] = v.phone;
      ctx["birth_date"] = v.birth_date.empty() ? "" : dates::french_date(v.birth_date);
      ctx["commune"] = v.commune;
      ctx["reasons"] = ui::options(decline_reasons(), "", true);
      break;
    }
    case LinkView::State::kExpired:
      ctx["expired"] = true;
      break;
    case LinkView::State::kUsed:
      ctx["used"] = true;
      break;
    default:
      ctx["unknown"] = true;
  }
  return ctx;
}

// Unknown or revoked: the page says the link does not work, as a 404.
bool dead(const LinkView& v) {
  return v.state == LinkView::State::kUnknown || v.state == LinkView::State::kRevoked;
}

Response link_page(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  auto v = s.directory.open_link(token);
  json ctx = link_context(v, token);
  if (req.query.has("nouveau")) ctx["renewed"] = true;
  return anonymous_page(s, req, "partners/link", ctx, dead(v) ? 404 : 200);
}

Response answer(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  ui::Form form(req);
  LinkAnswer a{form.text("decision"), form.text("reason"), form.text("text")};
  auto st = s.directory.answer_link(token, a);
  if (st.ok()) {
    json ctx = {{"title", "Réponse enregistrée"},
                {"answered", true},
                {"accepted", a.decision == "accepter"}};
    return anonymous_page(s, req, "partners/link", ctx, 200);
  }
  auto v = s.directory.open_link(token);
  json ctx = link_context(v, token);
  if (st.error().kind == ErrorKind::kInvalid) {
    form.fail(st.error());
    form.fill(ctx);
    if (ctx.contains("reasons")) ctx["reasons"] = ui::options(decline_reasons(), a.reason, true);
    ctx["decision_" + a.decision] = true;
    return anonymous_page(s, req, "partners/link", ctx, 422);
  }
  return anonymous_page(s, req, "partners/link", ctx, dead(v) ? 404 : 409);
}

Response renew(const Services& s, Request& req) {
  // Same answer whether or not a link was sent: the page never tells more than the link did.
  s.directory.renew_link(req.param("token"));
  json ctx = {{"title", "Nouveau lien demandé"}, {"renew_requested", true}};
  return anonymous_page(s, req, "partners/link", ctx, 200);
}

}  // namespace

void register_link_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  auto secret = http::Permission::public_access("partner's referral link, secret token");
  router.add_all({
      {kGet, "/orientation-partenaire/{token}", secret, http::on(s, link_page)},
      {kPost, "/orientation-partenaire/{token}", secret, http::on(s, answer)},
      {kPost, "/orientation-partenaire/{token}/nouveau-lien", secret, http::on(s, renew)},
  });
}

}  // namespace jalon::partners
