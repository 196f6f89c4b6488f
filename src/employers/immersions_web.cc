// Immersions (PMSMP) from the record: the convention's form for a person and an employer
// (/beneficiaires/{id}/immersions/nouvelle?employeur=…), its page (signatures, cancellation, the
// tutor's assessment) and the printable convention the three parties sign (PDF).
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "employers/referentials.h"
#include "employers/web.h"
#include "http/json_api.h"
#include "ui/pdf.h"

namespace jalon::employers {
namespace {

ImmersionInput read_input(ui::Form& f) {
  ImmersionInput in;
  in.establishment_id = f.text("establishment_id");
  in.objective = f.text("objective");
  in.appellation_code = f.text("appellation");
  in.job_label = f.text("job_label");
  in.tutor_name = f.text("tutor_name");
  in.tutor_role = f.text("tutor_role");
  in.tutor_phone = f.text("tutor_phone");
  in.tutor_email = f.text("tutor_email");
  in.starts_on = f.text("starts_on");
  in.ends_on = f.text("ends_on");
  in.tasks = f.text("tasks");
  in.risks = f.text("risks");
  in.equipment = f.text("equipment");
  for (std::size_t i = 0; i < 7; ++i) in.days[i] = f.text("day_" + std::to_string(i + 1));
  return in;
}

json day_fields(ui::Form* form) {
  static constexpr const char* kDays[] = {"Lundi",    "Mardi",  "Mercredi", "Jeudi",
                                          "Vendredi", "Samedi", "Dimanche"};
  json days = json::array();
  for (std::size_t i = 0; i < 7; ++i) {
    std::string field = "day_" + std::to_string(i + 1);
    std::string value = form ? form->text(field) : (i < 5 ? "09:00-12:00 13:30-17:00" : "");
    days.push_back({{"field", field}, {"name", kDays[i]}, {"value", value}});
  }
  return days;
}

Response form_page(const Services& svc, const Request& req, const ui::RecordHeader& h, json ctx,
                   ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  std::string eid = form ? form->text("establishment_id") : req.query.get("employeur");
  auto e = svc.employers.get(s, eid);
  if (!e.ok()) return Response::redirect("/employeurs?pour=" + h.id);
  ctx["e"] = establishment_json(*e);
  ctx["action"] = "/beneficiaires/" + h.id + "/immersions/nouvelle";
  ctx["objectives"] =
      ui::options(immersion_objectives(), form ? form->text("objective") : "", true);
  ctx["days"] = day_fields(form);
  ctx["pickers"] = true;
  json jobs = json::array();
  for (const auto& j : svc.employers.hiring_jobs(s, eid)) jobs.push_back(j.rome_label);
  ctx["suggested_jobs"] = jobs;
  ctx["has_suggested_jobs"] = !jobs.empty();
  if (form) form->fill(ctx);
  return svc.page(req, "employers/immersion_form", ctx, status);
}

Response new_form(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/candidatures", "Convention d'immersion", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           return form_page(svc, req, h, ctx, nullptr, 200);
                         });
}

Response create(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/candidatures", "Convention d'immersion", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           ui::Form form(req);
                           auto in = read_input(form);
                           const auto& s = access::session_of(req);
                           auto id = svc.immersions.create(s, h.id, in);
                           if (id.ok()) return Response::redirect("/immersions/" + *id + "?cree=1");
                           if (id.error().kind == ErrorKind::kNotFound)
                             return Response::not_found();
                           form.fail(id.error());
                           return form_page(svc, req, h, ctx, &form, 422);
                         });
}

Response immersion_page(const Services& svc, const Request& req, ui::Form* form,
                        const std::string& key, int status) {
  auto x = svc.immersions.get(access::session_of(req), req.param("id"));
  auto on = ui::on_record(svc.records, req, x.ok() ? std::optional<Immersion>(*x) : std::nullopt,
                          "identity");
  if (!on) return Response::not_found();
  json ctx = ui::record_context(on->h, "/candidatures", "Immersion");
  ctx["x"] = immersion_json(on->object);
  const std::string& st = on->object.status;
  ctx["can_sign"] = st == "a_signer" || st == "partiellement_signee";
  ctx["can_cancel"] = st != "bilan" && st != "annulee";
  ctx["can_assess"] = st == "signee";
  ctx["is_assessed"] = st == "bilan";
  ctx["attendance"] =
      ui::options(immersion_attendance(), form ? form->text("attendance") : "", true);
  ctx["contracts"] = ui::options(contract_kinds(), form ? form->text("contract") : "", true);
  ctx["notice"] = ui::notice_for(req, {{"cree",
                                        "La convention est enregistrée : imprimez-la pour"
                                        " la faire signer."},
                                       {"enregistre", "C'est enregistré."}});
  if (form) {
    json sub = json::object();
    form->fill(sub);
    ctx[key] = sub;
    ctx["has_errors"] = true;
    ctx["error_summary"] = sub["error_summary"];
    ctx["error_count_label"] = sub["error_count_label"];
  }
  return svc.page(req, "employers/immersion", ctx, status);
}

Response show(const Services& svc, Request& req) {
  return immersion_page(svc, req, nullptr, "", 200);
}

template <class Act>
Response act(const Services& svc, Request& req, const std::string& key, Act action) {
  ui::Form form(req);
  Status st = action(form);
  if (st.ok()) return Response::redirect("/immersions/" + req.param("id") + "?enregistre=1");
  if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  form.fail(st.error());
  return immersion_page(svc, req, &form, key, http::status_of(st.error().kind));
}

Response sign(const Services& svc, Request& req) {
  return act(svc, req, "sign_form", [&](ui::Form& f) {
    return svc.immersions.sign(access::session_of(req), req.param("id"), f.text("signed_person_on"),
                               f.text("signed_employer_on"), f.text("signed_prescriber_on"));
  });
}

Response cancel(const Services& svc, Request& req) {
  return act(svc, req, "cancel_form", [&](ui::Form& f) {
    return svc.immersions.cancel(access::session_of(req), req.param("id"), f.text("cancel_reason"));
  });
}

Response assess(const Services& svc, Request& req) {
  return act(svc, req, "assess_form", [&](ui::Form& f) {
    return svc.immersions.assess(
        access::session_of(req), req.param("id"),
        {f.text("attendance"), f.text("assessment"), f.text("hiring"), f.text("contract")});
  });
}

Response convention_pdf(const Services& svc, Request& req) {
  auto x = svc.immersions.get(access::session_of(req), req.param("id"));
  if (!x.ok()) return Response::not_found();
  json ctx = {{"x", immersion_json(*x)}};
  auto pdf = ui::html_to_pdf(svc.renderer.render("employers/convention", ctx));
  if (!pdf) return ui::export_unavailable(pdf.error());
  Response r;
  r.body = std::move(*pdf);
  r.set_header("Content-Type", "application/pdf");
  r.set_header("Content-Disposition", "attachment; filename=\"convention-immersion.pdf\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_immersion_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/immersions/nouvelle", kEmployersWrite, http::on(s, new_form)},
      {kPost, "/beneficiaires/{id}/immersions/nouvelle", kEmployersWrite, http::on(s, create)},
      {kGet, "/immersions/{id}", kEmployersRead, http::on(s, show)},
      {kGet, "/immersions/{id}/convention.pdf", kEmployersRead, http::on(s, convention_pdf)},
      {kPost, "/immersions/{id}/signatures", kEmployersWrite, http::on(s, sign)},
      {kPost, "/immersions/{id}/annulation", kEmployersWrite, http::on(s, cancel)},
      {kPost, "/immersions/{id}/bilan", kEmployersWrite, http::on(s, assess)},
  });
}

}  // namespace jalon::employers
