// The record's "Orientations" tab: referrals to a partner structure or service, their answer
// and follow-up date, and their form.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/view.h"
#include "meetings/web.h"
#include "pathways/referentials.h"
#include "pathways/view.h"
#include "pathways/web.h"
#include "ui/page.h"

namespace jalon::pathways {
namespace {

using beneficiaries::Beneficiary;
using beneficiaries::view::options;
using beneficiaries::view::section_header;
using http::Request;
using http::Response;
using meetings::kPathwayRead;
using meetings::kPathwayWrite;
using nlohmann::json;

ReferralInput read_referral(ui::Form& form) {
  return {form.text("partner"), form.text("service"), form.text("status"),      form.text("reason"),
          form.text("answer"),  form.text("sent_on"), form.text("follow_up_on")};
}

}  // namespace

void register_referral_pages(http::Router& router, const Services& svc) {
  router.get("/beneficiaires/{id}/orientations", kPathwayRead, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.beneficiaries.get(s, req.param("id"));
    if (!b) return Response::not_found();
    json ctx = section_header(*b, "/orientations", "Orientations");
    json list = json::array();
    for (const auto& r : svc.pathways.referrals(s, b->summary.id)) {
      list.push_back(view::referral_json(r));
    }
    ctx["referrals"] = list;
    ctx["none"] = list.empty();
    ctx["saved"] = req.query.has("enregistre");
    return svc.page(req, "pathways/referrals", ctx);
  });

  auto form_page = [svc](const Request& req, const Beneficiary& b, const Referral* r,
                         const ReferralInput& in, ui::Form* form, int status) {
    std::string heading = r ? "Modifier l'orientation" : "Nouvelle orientation";
    json ctx = section_header(b, "/orientations", heading);
    ctx["heading"] = heading;
    ctx["action"] = r ? "/orientations/" + r->id + "/modifier"
                      : "/beneficiaires/" + b.summary.id + "/orientations/nouvelle";
    ctx["statuses"] = options(referral_statuses(), in.status);
    ctx["values"] = {{"partner", in.partner}, {"service", in.service},
                     {"reason", in.reason},   {"answer", in.answer},
                     {"sent_on", in.sent_on}, {"follow_up_on", in.follow_up_on}};
    if (r && !r->answered_on.empty()) {
      ctx["answered_on"] = beneficiaries::view::french_date(r->answered_on);
    }
    if (form) form->fill(ctx);
    return svc.page(req, "pathways/referral_form", ctx, status);
  };

  router.get("/beneficiaires/{id}/orientations/nouvelle", kPathwayWrite,
             [svc, form_page](Request& req) {
               const auto& s = access::session_of(req);
               auto b = svc.beneficiaries.get(s, req.param("id"));
               if (!b) return Response::not_found();
               ReferralInput in;
               in.status = std::string(kReferralPending);
               in.sent_on = dates::iso(svc.pathways.today(s));
               return form_page(req, *b, nullptr, in, nullptr, 200);
             });

  router.post(
      "/beneficiaires/{id}/orientations/nouvelle", kPathwayWrite, [svc, form_page](Request& req) {
        const auto& s = access::session_of(req);
        auto b = svc.beneficiaries.get(s, req.param("id"));
        if (!b) return Response::not_found();
        ui::Form form(req);
        ReferralInput in = read_referral(form);
        auto r = svc.pathways.add_referral(s, b->summary.id, in);
        if (!r.ok()) {
          if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
          form.fail(r.error());
          return form_page(req, *b, nullptr, in, &form, 422);
        }
        return Response::redirect("/beneficiaires/" + b->summary.id + "/orientations?enregistre=1");
      });

  auto open = [svc](const Request& req) -> std::optional<std::pair<Referral, Beneficiary>> {
    const auto& s = access::session_of(req);
    auto r = svc.pathways.referral(s, req.param("id"));
    if (!r) return std::nullopt;
    auto b = svc.beneficiaries.get(s, r->beneficiary_id, "identity,pathway");
    if (!b) return std::nullopt;
    return std::make_pair(std::move(*r), std::move(*b));
  };

  router.get("/orientations/{id}/modifier", kPathwayWrite, [open, form_page](Request& req) {
    auto rb = open(req);
    if (!rb) return Response::not_found();
    auto& [r, b] = *rb;
    ReferralInput in{r.partner, r.service, r.status, r.reason, r.answer, r.sent_on, r.follow_up_on};
    return form_page(req, b, &r, in, nullptr, 200);
  });

  router.post("/orientations/{id}/modifier", kPathwayWrite, [svc, open, form_page](Request& req) {
    auto rb = open(req);
    if (!rb) return Response::not_found();
    auto& [r, b] = *rb;
    ui::Form form(req);
    ReferralInput in = read_referral(form);
    auto st = svc.pathways.update_referral(access::session_of(req), r.id, in);
    if (!st.ok()) {
      if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
      form.fail(st.error());
      return form_page(req, b, &r, in, &form, 422);
    }
    return Response::redirect("/beneficiaires/" + b.summary.id + "/orientations?enregistre=1");
  });
}

}  // namespace jalon::pathways
