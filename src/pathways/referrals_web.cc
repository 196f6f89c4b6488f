// The record's "Orientations" tab: referrals to a partner structure or service, their answer
// and follow-up date, and their form.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "pathways/referentials.h"
#include "pathways/view.h"
#include "pathways/web.h"
#include "ui/page.h"

namespace jalon::pathways {
namespace {

ReferralInput read_referral(ui::Form& form) {
  return {form.text("partner"), form.text("service"), form.text("status"),      form.text("reason"),
          form.text("answer"),  form.text("sent_on"), form.text("follow_up_on")};
}

Response saved(const std::string& person_id) {
  return Response::redirect("/beneficiaires/" + person_id + "/orientations?enregistre=1");
}

Response referrals_tab(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/orientations", "Orientations", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        json list = json::array();
        for (const auto& r : svc.pathways.referrals(access::session_of(req), h.id)) {
          list.push_back(view::referral_json(r));
        }
        ctx["referrals"] = list;
        ctx["none"] = list.empty();
        ctx["saved"] = req.query.has("enregistre");
        ctx["sent"] = req.query.has("envoyee");
        return svc.page(req, "pathways/referrals", ctx);
      });
}

Response referral_form(const Services& svc, const Request& req, const ui::RecordHeader& h,
                       const Referral* r, const ReferralInput& in, ui::Form* form, int status) {
  std::string heading = r ? "Modifier l'orientation" : "Nouvelle orientation";
  json ctx = ui::record_context(h, "/orientations", heading);
  ctx["heading"] = heading;
  ctx["action"] = r ? "/orientations/" + r->id + "/modifier"
                    : "/beneficiaires/" + h.id + "/orientations/nouvelle";
  ctx["statuses"] = ui::options(referral_statuses(), in.status);
  ctx["values"] = {{"partner", in.partner}, {"service", in.service},
                   {"reason", in.reason},   {"answer", in.answer},
                   {"sent_on", in.sent_on}, {"follow_up_on", in.follow_up_on}};
  if (r && !r->answered_on.empty()) ctx["answered_on"] = dates::french_date(r->answered_on);
  if (form) form->fill(ctx);
  return svc.page(req, "pathways/referral_form", ctx, status);
}

Response new_referral(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/orientations", "Nouvelle orientation", "identity",
                         [&](const ui::RecordHeader& h, json&) {
                           ReferralInput in;
                           in.status = std::string(kReferralPending);
                           in.sent_on = dates::iso(svc.pathways.today(access::session_of(req)));
                           return referral_form(svc, req, h, nullptr, in, nullptr, 200);
                         });
}

Response create_referral(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/orientations", "Nouvelle orientation", "identity",
                         [&](const ui::RecordHeader& h, json&) {
                           ui::Form form(req);
                           ReferralInput in = read_referral(form);
                           auto r = svc.pathways.add_referral(access::session_of(req), h.id, in);
                           return saved_or_again(
                               r, form, [&] { return saved(h.id); },
                               [&] { return referral_form(svc, req, h, nullptr, in, &form, 422); });
                         });
}

// The referral and the header of its person (audited as "identity,pathway"), or nullopt (404).
std::optional<ui::OnRecord<Referral>> open_referral(const Services& svc, const Request& req) {
  return ui::on_record(svc.records, req,
                       svc.pathways.referral(access::session_of(req), req.param("id")),
                       "identity,pathway");
}

Response edit_referral(const Services& svc, Request& req) {
  auto rh = open_referral(svc, req);
  if (!rh) return Response::not_found();
  auto& [r, h] = *rh;
  ReferralInput in{r.partner, r.service, r.status, r.reason, r.answer, r.sent_on, r.follow_up_on};
  return referral_form(svc, req, h, &r, in, nullptr, 200);
}

Response update_referral(const Services& svc, Request& req) {
  auto rh = open_referral(svc, req);
  if (!rh) return Response::not_found();
  auto& [r, h] = *rh;
  ui::Form form(req);
  ReferralInput in = read_referral(form);
  auto st = svc.pathways.update_referral(access::session_of(req), r.id, in);
  return saved_or_again(
      st, form, [&] { return saved(h.id); },
      [&] { return referral_form(svc, req, h, &r, in, &form, 422); });
}

}  // namespace

void register_referral_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/orientations", kPathwayRead, http::on(s, referrals_tab)},
      {kGet, "/beneficiaires/{id}/orientations/nouvelle", kPathwayWrite, http::on(s, new_referral)},
      {kPost, "/beneficiaires/{id}/orientations/nouvelle", kPathwayWrite,
       http::on(s, create_referral)},
      {kGet, "/orientations/{id}/modifier", kPathwayWrite, http::on(s, edit_referral)},
      {kPost, "/orientations/{id}/modifier", kPathwayWrite, http::on(s, update_referral)},
  });
}

}  // namespace jalon::pathways
