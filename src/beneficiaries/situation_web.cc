// The record's situation section: the dated situation records (education, work, contract of
// engagement, rights, licences, languages) and the form recording a new one.
#include <algorithm>

#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"

namespace jalon::beneficiaries {
namespace {

json rights_json(const SituationRecord& cur) {
  json out = json::array();
  for (const auto& r : rights()) {
    auto f = std::find_if(cur.rights.begin(), cur.rights.end(),
                          [&](const Right& x) { return x.code == r.code; });
    out.push_back({{"code", r.code},
                   {"label", r.label},
                   {"checked", f != cur.rights.end()},
                   {"since", f != cur.rights.end() ? f->since : ""}});
  }
  return out;
}

json history_json(const std::vector<SituationRecord>& records) {
  json history = json::array();
  for (const auto& h : records) {
    std::string rights_text;
    for (const auto& r : h.rights) {
      rights_text += (rights_text.empty() ? "" : ", ") + std::string(label_of(rights(), r.code)) +
                     " depuis le " + french_date(r.since);
    }
    history.push_back({{"date", french_date(h.recorded_on)},
                       {"by", h.recorded_by_name},
                       {"work", label_of(work_situations(), h.work_situation)},
                       {"education", label_of(education_levels(), h.education_level)},
                       {"contract", label_of(contract_kinds(), h.contract_kind)},
                       {"rights", rights_text.empty() ? "Aucun" : rights_text}});
  }
  return history;
}

// The section with its form showing `cur` (the latest record, or what failed to save).
Response situation_page(const Pages& p, const Request& req, const Beneficiary& b, json& ctx,
                        ui::Form* form, const SituationRecord& cur, int status) {
  ctx["educations"] = ui::options(education_levels(), cur.education_level, true);
  ctx["works"] = ui::options(work_situations(), cur.work_situation, true);
  ctx["contracts"] =
      ui::options(contract_kinds(), cur.contract_kind.empty() ? "aucun" : cur.contract_kind);
  ctx["rights"] = rights_json(cur);
  ctx["licences"] = ui::checks(driving_licences(), cur.licences, "licences");
  ctx["vehicle"] = cur.vehicle;
  ctx["languages"] = cur.languages;
  ctx["history"] = history_json(p.svc.situations(b));
  ctx["has_history"] = !ctx["history"].empty();
  if (form) form->fill(ctx);
  if (req.query.has("enregistre")) ctx["notice"] = "La situation a été enregistrée.";
  return p.page(req, "beneficiaries/situation", ctx, status);
}

Response situation_tab(const Pages& p, Request& req) {
  return record_page(p, req, "/situation", "Situation", "social",
                     [&](const Beneficiary& b, json& ctx) {
                       auto hist = p.svc.situations(b);
                       return situation_page(p, req, b, ctx, nullptr,
                                             hist.empty() ? SituationRecord{} : hist.front(), 200);
                     });
}

SituationRecord situation_of(const Request& req, ui::Form& form) {
  SituationRecord in;
  in.education_level = form.text("education_level");
  in.work_situation = form.text("work_situation");
  in.contract_kind = form.text("contract_kind");
  for (const auto& r : rights()) {
    if (form.checked("right_" + std::string(r.code))) {
      in.rights.push_back({std::string(r.code), form.text("since_" + std::string(r.code))});
    }
  }
  in.licences = req.form.all("licences");
  in.vehicle = form.checked("vehicle");
  in.languages = form.text("languages");
  return in;
}

Response record_situation(const Pages& p, Request& req) {
  return record_page(p, req, "/situation", "Situation", "social",
                     [&](const Beneficiary& b, json& ctx) {
                       ui::Form form(req);
                       SituationRecord in = situation_of(req, form);
                       auto r = p.svc.record_situation(access::session_of(req), b.summary.id, in);
                       if (r.ok()) return saved(b, "/situation");
                       form.fail(r.error());
                       return situation_page(p, req, b, ctx, &form, in, 422);
                     });
}

}  // namespace

void register_situation_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  router.add_all({
      {kGet, "/beneficiaires/{id}/situation", kBeneficiariesRead, http::on(p, situation_tab)},
      {kPost, "/beneficiaires/{id}/situation", kBeneficiariesWrite, http::on(p, record_situation)},
  });
}

}  // namespace jalon::beneficiaries
