// The record's IAE eligibility section: the criteria with their proofs, a live verdict while the
// counselor ticks them (htmx fragment), and the recorded diagnoses with their validity.
#include <algorithm>

#include "beneficiaries/pages.h"
#include "core/dates.h"
#include "eligibility/criteria.h"
#include "ui/render.h"

namespace jalon::beneficiaries {
namespace {

using Criteria = std::vector<std::pair<std::string, std::string>>;  // code, proof status

// The criteria by level, ticked with their proof status when `selected` holds them.
json criteria_json(const Criteria& selected) {
  json out = json::array();
  for (int level : {1, 2}) {
    json items = json::array();
    for (const auto& c : eligibility::criteria()) {
      if (c.level != level) continue;
      auto f = std::find_if(selected.begin(), selected.end(),
                            [&](const auto& p) { return p.first == c.code; });
      std::string proof = f != selected.end() ? f->second : "a_fournir";
      items.push_back({{"code", c.code},
                       {"label", c.label},
                       {"proof", c.proof},
                       {"checked", f != selected.end()},
                       {"proofs", ui::options(eligibility::proof_statuses(), proof)}});
    }
    out.push_back({{"level", level}, {"items", items}});
  }
  return out;
}

json verdict_json(const std::string& kind, const Criteria& selected) {
  std::vector<std::string> codes;
  for (const auto& p : selected) codes.push_back(p.first);
  auto v = eligibility::evaluate(kind, codes);
  return {{"eligible", v.eligible}, {"explanation", v.explanation}};
}

json history_json(const std::vector<Eligibility>& list) {
  json history = json::array();
  for (const auto& e : list) {
    history.push_back(
        {{"made_on", french_date(e.made_on)},
         {"until", french_date(e.valid_until)},
         {"author", eligibility::author_label(e.author_kind)},
         {"explanation", e.explanation},
         {"eligible", e.eligible},
         {"expiring", e.days_left >= 0 && e.days_left <= eligibility::kExpiryWarningDays},
         {"days_left", e.days_left},
         {"expired", e.days_left < 0}});
  }
  return history;
}

Response eligibility_page(const Pages& p, const Request& req, const Beneficiary& b, json& ctx,
                          ui::Form* form, const std::string& kind, const Criteria& selected,
                          int status) {
  json kinds = json::array();
  for (const auto& k : eligibility::siae_kinds()) {
    kinds.push_back({{"code", k.code},
                     {"label", eligibility::siae_label(k.code)},
                     {"selected", k.code == kind}});
  }
  ctx["kinds"] = kinds;
  ctx["authors"] = ui::options(eligibility::author_kinds(), "");
  ctx["levels"] = criteria_json(selected);
  ctx["verdict"] = verdict_json(kind, selected);
  ctx["today"] = dates::iso(dates::local_date(req.received_at));
  ctx["history"] = history_json(p.svc.eligibilities(b));
  ctx["has_history"] = !ctx["history"].empty();
  if (form) form->fill(ctx);
  if (req.query.has("enregistre")) ctx["notice"] = "Le diagnostic d'éligibilité a été enregistré.";
  return p.page(req, "beneficiaries/eligibility", ctx, status);
}

Response eligibility_tab(const Pages& p, Request& req) {
  return record_page(p, req, "/eligibilite", "Éligibilité IAE", "social",
                     [&](const Beneficiary& b, json& ctx) {
                       auto hist = p.svc.eligibilities(b);
                       if (hist.empty())
                         return eligibility_page(p, req, b, ctx, nullptr, "aci", {}, 200);
                       return eligibility_page(p, req, b, ctx, nullptr, hist.front().siae_kind,
                                               hist.front().criteria, 200);
                     });
}

Criteria criteria_of(const Request& req) {
  Criteria out;
  for (const auto& code : req.form.all("criterion")) {
    const std::string& proof = req.form.get("proof_" + code);
    out.emplace_back(code, proof.empty() ? "a_fournir" : proof);
  }
  return out;
}

// Live verdict while the counselor ticks criteria (htmx fragment).
Response verdict(const Pages& p, Request& req) {
  if (!p.svc.get(access::session_of(req), req.param("id"))) return Response::not_found();
  return Response::html(
      p.renderer.render("beneficiaries/verdict",
                        {{"verdict", verdict_json(req.form.get("siae_kind"), criteria_of(req))}}));
}

Response record_eligibility(const Pages& p, Request& req) {
  return record_page(
      p, req, "/eligibilite", "Éligibilité IAE", "social", [&](const Beneficiary& b, json& ctx) {
        ui::Form form(req);
        auto selected = criteria_of(req);
        std::string kind = form.text("siae_kind");
        auto r = p.svc.record_eligibility(access::session_of(req), b.summary.id, kind,
                                          form.text("author_kind"), form.text("made_on"), selected);
        if (r.ok()) return saved(b, "/eligibilite");
        form.fail(r.error());
        return eligibility_page(p, req, b, ctx, &form, kind, selected, 422);
      });
}

}  // namespace

void register_eligibility_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  router.add_all({
      {kGet, "/beneficiaires/{id}/eligibilite", kBeneficiariesRead, http::on(p, eligibility_tab)},
      {kPost, "/beneficiaires/{id}/eligibilite/verdict", kBeneficiariesRead, http::on(p, verdict)},
      {kPost, "/beneficiaires/{id}/eligibilite", kBeneficiariesWrite,
       http::on(p, record_eligibility)},
  });
}

}  // namespace jalon::beneficiaries
