// /partenaire: a partner user's inbox — the referrals addressed to their organisation, each
// opened on a page that shows only what the person agreed to share, answered there as on the
// link (accept, or decline with a reason of the list and free text). JSON twins under
// /api/v1/partner/referrals.
#include <nlohmann/json.hpp>

#include "access/capabilities_partners.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "partners/referentials.h"
#include "partners/web.h"
#include "pathways/referentials.h"

namespace jalon::partners {
namespace {

using access::kPartnersInbox;
using http::Request;
using http::Response;
using nlohmann::json;

json item_json(const InboxItem& i) {
  return {
      {"id", i.referral_id},
      {"service", i.service},
      {"status", i.status},
      {"status_label", std::string(referential::label_of(pathways::referral_statuses(), i.status))},
      {"waiting", i.status == pathways::kReferralPending},
      {"sent_on", i.sent_on},
      {"sent_on_label", dates::french_date(i.sent_on)},
      {"answered_on", i.answered_on.empty() ? json(nullptr) : json(i.answered_on)},
      {"answer", i.answer},
      {"person", i.person.empty() ? json(nullptr) : json(i.person)}};
}

Response inbox_page(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  json list = json::array();
  int waiting = 0;
  for (const auto& i : s.directory.inbox(session)) {
    list.push_back(item_json(i));
    waiting += i.status == pathways::kReferralPending ? 1 : 0;
  }
  std::string org = s.directory.member_organisation(session);
  json ctx = {{"title", "Orientations reçues"},
              {"nav", "partner_inbox"},
              {"organisation", org},
              {"attached", !org.empty()},
              {"items", list},
              {"none", list.empty()},
              {"waiting_text",
               waiting == 0   ? std::string("Aucune orientation n'attend de réponse.")
               : waiting == 1 ? std::string("1 orientation attend votre réponse.")
                              : std::to_string(waiting) + " orientations attendent votre réponse."},
              {"answered", req.query.has("repondu")}};
  return s.page(req, "partners/inbox", ctx);
}

json view_context(const LinkView& v, const std::string& id) {
  json ctx = {{"title", "Orientation reçue"},
              {"nav", "partner_inbox"},
              {"action", "/partenaire/orientations/" + id},
              {"organisation", v.organisation},
              {"service", v.service},
              {"reason", v.reason},
              {"sent_on", dates::french_date(v.sent_on)},
              {"first_name", v.first_name},
              {"last_name", v.last_name},
              {"identity", !v.last_name.empty()},
              {"email", v.email},
              {"phone", v.phone},
              {"birth_date", v.birth_date.empty() ? "" : dates::french_date(v.birth_date)},
              {"commune", v.commune},
              {"reasons", ui::options(decline_reasons(), "", true)},
              {"inbox", true}};
  if (v.state == LinkView::State::kOpen) {
    ctx["open"] = true;
  } else {
    ctx["closed"] = true;
    ctx["status_label"] =
        std::string(referential::label_of(pathways::referral_statuses(), v.status));
    ctx["answer"] = v.answer;
  }
  return ctx;
}

Response referral_page(const Services& s, Request& req) {
  auto v = s.directory.inbox_referral(access::session_of(req), req.param("id"));
  if (v.state == LinkView::State::kUnknown) return Response::not_found();
  return s.page(req, "partners/link", view_context(v, req.param("id")));
}

Response answer(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  ui::Form form(req);
  LinkAnswer a{form.text("decision"), form.text("reason"), form.text("text")};
  auto st = s.directory.answer_inbox(session, req.param("id"), a);
  if (st.ok()) return Response::redirect("/partenaire?repondu=1");
  if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  auto v = s.directory.inbox_referral(session, req.param("id"));
  json ctx = view_context(v, req.param("id"));
  form.fail(st.error());
  form.fill(ctx);
  ctx["reasons"] = ui::options(decline_reasons(), a.reason, true);
  ctx["decision_" + a.decision] = true;
  return s.page(req, "partners/link", ctx, http::status_of(st.error().kind));
}

Response list_api(const Services& s, Request& req) {
  json out = json::array();
  for (const auto& i : s.directory.inbox(access::session_of(req))) out.push_back(item_json(i));
  return http::items_response(out);
}

Response answer_api(const Services& s, Request& req) {
  json body;
  if (!http::json_object_body(req, body)) return http::bad_body(req);
  http::JsonFields f(body);
  LinkAnswer a{f.string("decision"), f.string("reason"), f.string("text")};
  if (f.error()) return http::problem(*f.error(), req);
  auto st = s.directory.answer_inbox(access::session_of(req), req.param("id"), a);
  if (!st.ok()) return http::problem(st.error(), req);
  auto v = s.directory.inbox_referral(access::session_of(req), req.param("id"));
  return Response::json(json{{"id", req.param("id")}, {"status", v.status}}.dump(), 200);
}

}  // namespace

void register_inbox_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/partenaire", kPartnersInbox, http::on(s, inbox_page)},
      {kGet, "/partenaire/orientations/{id}", kPartnersInbox, http::on(s, referral_page)},
      {kPost, "/partenaire/orientations/{id}", kPartnersInbox, http::on(s, answer)},
      {kGet, "/api/v1/partner/referrals", kPartnersInbox, http::on(s, list_api)},
      {kPost, "/api/v1/partner/referrals/{id}/answer", kPartnersInbox, http::on(s, answer_api)},
  });
}

}  // namespace jalon::partners
