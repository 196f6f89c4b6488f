// The record's professional project section: wanted jobs (ROME appellations), mobility,
// transport, contracts, working time, availability, and the history of recorded projects.
#include <algorithm>

#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"

namespace jalon::beneficiaries {
namespace {

json history_json(const Pages& p, const std::vector<Project>& projects) {
  json history = json::array();
  for (const auto& pr : projects) {
    std::string jobs_text;
    for (const auto& a : pr.appellations)
      jobs_text += (jobs_text.empty() ? "" : ", ") + p.labels(a);
    history.push_back({{"date", dates::french_datetime(pr.recorded_at)},
                       {"jobs", jobs_text.empty() ? "—" : jobs_text},
                       {"km", pr.mobility_km},
                       {"time", label_of(working_times(), pr.working_time)}});
  }
  return history;
}

Response project_page(const Pages& p, const Request& req, const Beneficiary& b, json& ctx,
                      ui::Form* form, const Project& cur, int status) {
  json jobs = json::array();
  for (const auto& a : cur.appellations) jobs.push_back({{"code", a}, {"label", p.labels(a)}});
  ctx["jobs"] = jobs;
  ctx["has_jobs"] = !jobs.empty();
  ctx["pickers"] = true;  // pickers.js turns the chosen jobs into removable chips
  ctx["km"] = cur.mobility_km;
  ctx["transport"] = ui::checks(transport_means(), cur.transport, "transport");
  ctx["contracts"] = ui::checks(wanted_contracts(), cur.contracts, "contracts");
  ctx["times"] =
      ui::options(working_times(), cur.working_time.empty() ? "indifferent" : cur.working_time);
  ctx["available_on"] = cur.available_on;
  ctx["history"] = history_json(p, p.svc.projects(b));
  ctx["has_history"] = !ctx["history"].empty();
  if (form) form->fill(ctx);
  if (req.query.has("enregistre")) ctx["notice"] = "Le projet a été enregistré.";
  return p.page(req, "beneficiaries/project", ctx, status);
}

Response project_tab(const Pages& p, Request& req) {
  return record_page(p, req, "/projet", "Projet professionnel", "professional",
                     [&](const Beneficiary& b, json& ctx) {
                       auto hist = p.svc.projects(b);
                       return project_page(p, req, b, ctx, nullptr,
                                           hist.empty() ? Project{} : hist.front(), 200);
                     });
}

Project project_of(const Request& req, ui::Form& form) {
  Project in;
  std::string cur;
  for (char c : form.text("appellations") + ",") {
    if (c == ',' || c == ' ' || c == ';') {
      if (!cur.empty()) in.appellations.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  for (const auto& a : req.form.all("appellation")) {
    // A job chosen in two searches is one job.
    if (std::find(in.appellations.begin(), in.appellations.end(), a) == in.appellations.end()) {
      in.appellations.push_back(a);
    }
  }
  // Not a whole number: -1, which the service refuses with the range it accepts.
  std::string km = form.text("mobility_km");
  in.mobility_km = km.empty() ? 0 : text::to_int(km, -1);
  in.transport = req.form.all("transport");
  in.contracts = req.form.all("contracts");
  in.working_time = form.text("working_time");
  in.available_on = form.text("available_on");
  return in;
}

Response record_project(const Pages& p, Request& req) {
  return record_page(p, req, "/projet", "Projet professionnel", "professional",
                     [&](const Beneficiary& b, json& ctx) {
                       ui::Form form(req);
                       Project in = project_of(req, form);
                       auto r = p.svc.record_project(access::session_of(req), b.summary.id, in);
                       if (r.ok()) return saved(b, "/projet");
                       form.fail(r.error());
                       return project_page(p, req, b, ctx, &form, in, 422);
                     });
}

}  // namespace

void register_project_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  router.add_all({
      {kGet, "/beneficiaires/{id}/projet", kBeneficiariesRead, http::on(p, project_tab)},
      {kPost, "/beneficiaires/{id}/projet", kBeneficiariesWrite, http::on(p, record_project)},
  });
}

}  // namespace jalon::beneficiaries
