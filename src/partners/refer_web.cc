// Referring a person to a service of the directory, from the record's "Orientations" tab, in
// three steps: pick a service (search by theme and public, nearest the person's commune first),
// then the reason, what the person agreed to share and to whom the link goes, then sent.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "partners/referentials.h"
#include "partners/web.h"

namespace jalon::partners {
namespace {

using access::kPathwayWrite;
using http::Request;
using http::Response;
using nlohmann::json;

Response pick_service(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/orientations", "Orienter vers un service", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        const auto& session = access::session_of(req);
        SearchQuery q{req.query.get("theme"), req.query.get("public"),
                      s.directory.person_commune(session, h.id), req.query.get("q")};
        ctx["heading"] = "Orienter vers un service — étape 1 sur 2 : choisir le service";
        ctx["themes"] = ui::options(themes(), q.theme, true);
        ctx["publics"] = ui::options(publics(), q.public_code, true);
        ctx["q"] = q.text;
        ctx["pick"] = true;
        ctx["commune"] = !q.commune.empty();
        auto found = s.directory.search(session, q);
        if (!found.ok()) {  // the person's commune may be outside the COG loaded: anywhere
          q.commune.clear();
          found = s.directory.search(session, q);
        }
        json list = json::array();
        if (found.ok()) {
          for (const auto& v : *found) list.push_back(service_json(v));
        }
        ctx["services"] = list;
        ctx["no_services"] = list.empty();
        return s.page(req, "partners/refer_pick", ctx);
      });
}

Response refer_form(const Services& s, const Request& req, const ui::RecordHeader& h,
                    const PartnerService& v, const ReferToService& in, ui::Form* form, int status) {
  json ctx = ui::record_context(h, "/orientations", "Orienter vers un service");
  ctx["heading"] = "Orienter vers un service — étape 2 sur 2 : motif et accord de la personne";
  ctx["service"] = service_json(v);
  ctx["action"] = "/beneficiaires/" + h.id + "/orientations/service/" + v.id;
  ctx["scope"] = ui::checks(consent_scopes(), in.scope, "scope");
  ctx["values"] = {{"reason", in.reason}, {"recipient", in.recipient}};
  ctx["consent"] = in.consent;
  if (form) form->fill(ctx);
  return s.page(req, "partners/refer_form", ctx, status);
}

Response new_referral(const Services& s, Request& req) {
  return ui::record_page(s.records, req, "/orientations", "Orienter vers un service", "identity",
                         [&](const ui::RecordHeader& h, json&) {
                           auto v = s.directory.service(access::session_of(req), req.param("sid"));
                           if (!v) return Response::not_found();
                           ReferToService in;
                           in.scope = {"identite", "contact"};
                           in.recipient = v->recipient();
                           return refer_form(s, req, h, *v, in, nullptr, 200);
                         });
}

Response send_referral(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/orientations", "Orienter vers un service", "identity",
      [&](const ui::RecordHeader& h, json&) {
        const auto& session = access::session_of(req);
        auto v = s.directory.service(session, req.param("sid"));
        if (!v) return Response::not_found();
        ui::Form form(req);
        ReferToService in{v->id, form.text("reason"), req.form.all("scope"),
                          form.checked("consent"), form.text("recipient")};
        if (in.recipient.empty()) in.recipient = v->recipient();
        auto mistakes = PartnerDirectory::referral_mistakes(in);
        if (!mistakes.empty()) {
          for (const auto& e : mistakes) form.fail(e);
          return refer_form(s, req, h, *v, in, &form, 422);
        }
        auto r = s.directory.refer(session, h.id, in);
        if (r.ok()) {
          return Response::redirect("/beneficiaires/" + h.id + "/orientations?envoyee=1");
        }
        if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
        form.fail(r.error());
        return refer_form(s, req, h, *v, in, &form, 422);
      });
}

}  // namespace

void register_referral_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/orientations/service", kPathwayWrite, http::on(s, pick_service)},
      {kGet, "/beneficiaires/{id}/orientations/service/{sid}", kPathwayWrite,
       http::on(s, new_referral)},
      {kPost, "/beneficiaires/{id}/orientations/service/{sid}", kPathwayWrite,
       http::on(s, send_referral)},
  });
}

}  // namespace jalon::partners
