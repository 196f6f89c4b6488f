// The record's "Candidatures" tab (the person's applications and placements, the way to find an
// employer for a job and propose the person), and an application's page: its state changes
// (les emplois' states, a refusal with its reason) and the hire of an accepted one.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "employers/referentials.h"
#include "employers/web.h"
#include "http/json_api.h"

namespace jalon::employers {
namespace {

Response applications_tab(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/candidatures", "Candidatures", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        json list = json::array();
        for (const auto& a : svc.employers.applications_of_person(access::session_of(req), h.id)) {
          list.push_back(application_json(a));
        }
        ctx["applications"] = list;
        ctx["none"] = list.empty();
        json immersions = json::array();
        for (const auto& x : svc.immersions.of_person(access::session_of(req), h.id)) {
          immersions.push_back(immersion_json(x));
        }
        ctx["immersions"] = immersions;
        ctx["has_immersions"] = !immersions.empty();
        ctx["notice"] = ui::notice_for(req, {{"propose", "La candidature est enregistrée."}});
        return svc.page(req, "employers/applications", ctx);
      });
}

Response proposal_form(const Services& svc, const Request& req, const ui::RecordHeader& h, json ctx,
                       ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  std::string eid = form ? form->text("establishment_id") : req.query.get("employeur");
  auto e = svc.employers.get(s, eid);
  if (!e.ok()) return Response::redirect("/employeurs?pour=" + h.id);
  ctx["e"] = establishment_json(*e);
  ctx["action"] = "/beneficiaires/" + h.id + "/candidatures/nouvelle";
  ctx["immersion_href"] = "/beneficiaires/" + h.id + "/immersions/nouvelle?employeur=" + e->id;
  std::string offer_id = form ? form->text("offer_id") : req.query.get("offre");
  if (auto o = svc.employers.offer(s, offer_id); o.ok() && o->establishment_id == e->id) {
    ctx["offer"] = offer_json(*o);
    ctx["offer_id"] = o->id;
  }
  json jobs = json::array();
  for (const auto& j : svc.employers.hiring_jobs(s, eid)) jobs.push_back(j.rome_label);
  ctx["suggested_jobs"] = jobs;
  ctx["has_suggested_jobs"] = !jobs.empty();
  if (form) form->fill(ctx);
  return svc.page(req, "employers/proposal", ctx, status);
}

Response new_proposal(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/candidatures", "Proposer à un employeur", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           return proposal_form(svc, req, h, ctx, nullptr, 200);
                         });
}

Response propose(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/candidatures", "Proposer à un employeur", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           ui::Form form(req);
                           ApplicationInput in{form.text("establishment_id"), form.text("job"),
                                               form.text("message"), form.text("offer_id")};
                           auto id = svc.employers.propose(access::session_of(req), h.id, in);
                           if (id.ok())
                             return Response::redirect("/candidatures/" + *id + "?propose=1");
                           if (id.error().kind == ErrorKind::kNotFound)
                             return Response::not_found();
                           form.fail(id.error());
                           return proposal_form(svc, req, h, ctx, &form, 422);
                         });
}

Response application_page(const Services& svc, const Request& req, ui::Form* form,
                          const std::string& key, int status) {
  const auto& s = access::session_of(req);
  auto a = svc.employers.application(s, req.param("id"));
  auto on = ui::on_record(svc.records, req, a.ok() ? std::optional<Application>(*a) : std::nullopt,
                          "identity");
  if (!on) return Response::not_found();
  json ctx = ui::record_context(on->h, "/candidatures", "Candidature");
  ctx["a"] = application_json(on->object);
  json next = json::array();
  for (const auto& st : application_states()) {
    if (may_move(on->object.state, st.code))
      next.push_back({{"code", st.code}, {"label", st.label}});
  }
  ctx["next_states"] = next;
  ctx["can_move"] = !next.empty();
  ctx["reasons"] = ui::options(refusal_reasons(), "", true);
  ctx["can_hire"] = on->object.state == kAccepted && on->object.placement_id.empty();
  ctx["contracts"] = ui::options(contract_kinds(), form ? form->text("contract") : "", true);
  ctx["notice"] = ui::notice_for(req, {{"propose", "La candidature est enregistrée."},
                                       {"enregistre", "C'est enregistré."},
                                       {"embauche", "L'embauche est enregistrée."}});
  if (form) {
    json sub = json::object();
    form->fill(sub);
    ctx[key] = sub;
    ctx["has_errors"] = true;
    ctx["error_summary"] = sub["error_summary"];
    ctx["error_count_label"] = sub["error_count_label"];
  }
  return svc.page(req, "employers/application", ctx, status);
}

Response show(const Services& svc, Request& req) {
  return application_page(svc, req, nullptr, "", 200);
}

Response move(const Services& svc, Request& req) {
  ui::Form form(req);
  auto st = svc.employers.move(access::session_of(req), req.param("id"), form.text("state"),
                               form.text("refusal_reason"));
  if (st.ok()) return Response::redirect("/candidatures/" + req.param("id") + "?enregistre=1");
  if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  form.fail(st.error());
  return application_page(svc, req, &form, "state_form", http::status_of(st.error().kind));
}

Response hire(const Services& svc, Request& req) {
  ui::Form form(req);
  PlacementInput in{form.text("contract"), form.text("hours_per_week"), form.text("start_on"),
                    form.text("end_on")};
  auto id = svc.employers.hire(access::session_of(req), req.param("id"), in);
  if (id.ok()) return Response::redirect("/candidatures/" + req.param("id") + "?embauche=1");
  if (id.error().kind == ErrorKind::kNotFound) return Response::not_found();
  auto mistakes = svc.employers.placement_mistakes(in);
  if (mistakes.empty()) mistakes.push_back(id.error());
  for (const auto& e : mistakes) form.fail(e);
  return application_page(svc, req, &form, "hire_form", http::status_of(id.error().kind));
}

}  // namespace

void register_application_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/candidatures", kEmployersRead, http::on(s, applications_tab)},
      {kGet, "/beneficiaires/{id}/candidatures/nouvelle", kEmployersWrite,
       http::on(s, new_proposal)},
      {kPost, "/beneficiaires/{id}/candidatures/nouvelle", kEmployersWrite, http::on(s, propose)},
      {kGet, "/candidatures/{id}", kEmployersRead, http::on(s, show)},
      {kPost, "/candidatures/{id}/etat", kEmployersWrite, http::on(s, move)},
      {kPost, "/candidatures/{id}/embauche", kEmployersWrite, http::on(s, hire)},
  });
}

}  // namespace jalon::employers
