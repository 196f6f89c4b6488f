// The record's health module (SR 2): the sealed health items and the health items of the latest
// diagnosis, for the person's référent only when the structure enabled the module (404
// otherwise, as for a person out of scope).
#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"

namespace jalon::beneficiaries {
namespace {

// The health items of a diagnosis as the page lists them.
json diagnosis_items(const HealthDiagnosis& d) {
  json out = json::array();
  for (const auto& it : d.items) {
    const Situation* sit = find_situation(it.item);
    std::string label = it.kind == "barrier" && sit ? std::string(sit->label)
                        : it.kind == "lever"        ? "Points d'appui : " + it.note
                                                    : it.item;
    json e = {{"label", label}};
    for (const auto& sv : severities()) {
      if (it.kind == "barrier" && sv.code == std::to_string(it.severity)) e["severity"] = sv.label;
    }
    out.push_back(e);
  }
  return out;
}

Response health_page(const Pages& p, const Request& req, const Beneficiary& b, ui::Form* form,
                     int status) {
  const auto& s = access::session_of(req);
  json ctx = view::section_header(b, "/sante", "Santé");
  json items = json::array();
  for (const auto& h : p.svc.health_items(s, b)) {
    items.push_back({{"kind", label_of(health_kinds(), h.kind)},
                     {"detail", h.detail},
                     {"since", french_date(h.since)}});
  }
  ctx["items"] = items;
  ctx["kinds"] = ui::options(health_kinds(), "");
  json diag = json::array();
  auto hd = p.svc.health_diagnoses(s, b);
  if (!hd.empty()) {
    diag = diagnosis_items(hd.front());
    ctx["diagnosis_date"] = french_date(hd.front().made_on);
  }
  ctx["diagnosis_items"] = diag;
  ctx["has_diagnosis_items"] = !diag.empty();
  ctx["empty"] = items.empty() && diag.empty();
  if (form) form->fill(ctx);
  return p.page(req, "beneficiaries/health", ctx, status);
}

// The record if the caller may open its health module.
std::optional<Beneficiary> health_record(const Pages& p, const Request& req) {
  const auto& s = access::session_of(req);
  auto b = p.svc.get(s, req.param("id"));
  if (!b || !p.svc.health_allowed(s, *b)) return std::nullopt;
  return b;
}

Response health_tab(const Pages& p, Request& req) {
  auto b = health_record(p, req);
  if (!b) return Response::not_found();
  return health_page(p, req, *b, nullptr, 200);
}

Response add_health_item(const Pages& p, Request& req) {
  auto b = health_record(p, req);
  if (!b) return Response::not_found();
  ui::Form form(req);
  auto r = p.svc.add_health_item(access::session_of(req), b->summary.id,
                                 {"", form.text("kind"), form.text("detail"), form.text("since")});
  if (!r.ok()) {
    form.fail(r.error());
    return health_page(p, req, *b, &form, 422);
  }
  return Response::redirect("/beneficiaires/" + b->summary.id + "/sante");
}

}  // namespace

void register_health_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/sante", access::kHealthRead, http::on(p, health_tab)},
      {kPost, "/beneficiaires/{id}/sante", access::kHealthRead, http::on(p, add_health_item)},
  });
}

}  // namespace jalon::beneficiaries
