// The beneficiary record's pages: creation with the duplicate warning and the record's synthesis;
// the caseload (caseload_web.cc) and the sections have a file each (pages.h) and the JSON API is
// in api.cc.
#include "beneficiaries/web.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "beneficiaries/checks.h"
#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "eligibility/criteria.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::beneficiaries {

// A person's row as the record header shows it, built key by key from a Summary
// the caller gives up (a braced json initializer list copies every pair through temporaries,
// and every key costs an allocation, on each row of every page view).
json summary_row(Summary s) {
  json j = json::object();
  j["birth_year"] = s.birth_year;
  j["commune"] = std::move(s.commune_name);
  j["status"] = label_of(statuses(), s.status);
  j["contract"] = label_of(contract_kinds(), s.contract_kind);
  j["no_referent"] = s.referent_name.empty();  // their référent left: to assign
  j["referent"] = std::move(s.referent_name);
  j["entry_date"] = french_date(s.entry_date);
  j["overdue"] = s.overdue;
  j["id"] = std::move(s.id);
  j["first_name"] = std::move(s.first_name);
  j["last_name"] = std::move(s.last_name);
  return j;
}

namespace {

// A caseload row and what the record header and the duplicate warning add.
json summary_json(Summary s) {
  std::string name = s.last_name + " " + s.first_name;
  std::string birth_date = french_date(s.birth_date);
  std::string scheme(label_of(schemes(), s.scheme));
  std::string status_code = s.status;
  json j = summary_row(std::move(s));
  j["name"] = std::move(name);
  j["birth_date"] = std::move(birth_date);
  j["scheme"] = std::move(scheme);
  j["status_code"] = std::move(status_code);
  return j;
}

json record_header(const Beneficiary& b, const std::string& current) {
  json bj = summary_json(b.summary);
  bj["name"] = b.summary.first_name + " " + b.summary.last_name;
  return {{"b", bj}, {"tabs", ui::record_tabs(b.summary.id, current)}, {"nav", "caseload"}};
}

// ---- creation -------------------------------------------------------------------------------

Response new_form(const Pages& p, const Request& req, ui::Form* form, const NewBeneficiary& in,
                  const std::vector<BeneficiaryService::ExistingRecord>& duplicates, int status) {
  const auto& s = access::session_of(req);
  json referents = json::array();
  for (const auto& [id, name] : p.svc.counselors(s)) {
    bool sel = in.referent_id.empty() ? id == s.user_id : id == in.referent_id;
    referents.push_back({{"code", id}, {"label", name}, {"selected", sel}});
  }
  json dups = json::array();
  for (const auto& d : duplicates) dups.push_back({{"ask", d.ask}});
  std::string today = dates::iso(dates::local_date(req.received_at));
  json ctx = {{"title", "Nouvelle personne accompagnée"},
              {"nav", "caseload"},
              {"pickers", true},
              {"civilities", ui::options(civilities(), in.civility, true)},
              {"prescribers", ui::options(prescriber_kinds(), in.prescriber_kind, true)},
              {"schemes", ui::options(schemes(), in.scheme.empty() ? "iae" : in.scheme)},
              {"referents", referents},
              {"today", today},
              {"duplicates", dups},
              {"has_duplicates", !dups.empty()}};
  if (form) form->fill(ctx);
  ctx["values"]["entry_date"] = in.entry_date.empty() ? today : in.entry_date;
  if (!form) ctx["values"]["notice_version"] = "2026-01";
  return p.page(req, "beneficiaries/new", ctx, status);
}

Response new_person(const Pages& p, Request& req) {
  return new_form(p, req, nullptr, {}, {}, 200);
}

NewBeneficiary person_of(ui::Form& form) {
  NewBeneficiary in;
  for (const auto& f : kNewFields) in.*f.member = form.text(f.form);
  in.confirm_duplicate = form.checked("confirm_duplicate");
  return in;
}

Response create(const Pages& p, Request& req) {
  ui::Form form(req);
  NewBeneficiary in = person_of(form);
  auto r = p.svc.create(access::session_of(req), in);
  if (!r.ok()) {
    form.fail(r.error());  // every mistake of the form (Error::more)
    return new_form(p, req, &form, in, {}, 422);
  }
  if (!r->duplicates.empty()) {
    form.error("form",
               "Un dossier existe déjà avec ces nom, prénom et date de naissance. "
               "Ouvrez-le, ou confirmez qu'il s'agit d'une autre personne.");
    return new_form(p, req, &form, in, r->duplicates, 409);
  }
  return Response::redirect("/beneficiaires/" + r->id + "?cree=1");
}

// ---- synthesis ------------------------------------------------------------------------------

void situation_summary(json& ctx, const std::vector<SituationRecord>& sits) {
  json pro = json::object();
  if (!sits.empty()) {
    const auto& cur = sits.front();
    pro = {{"work", label_of(work_situations(), cur.work_situation)},
           {"education", label_of(education_levels(), cur.education_level)},
           {"since", french_date(cur.recorded_on)}};
    json rights_json = json::array();
    for (const auto& r : cur.rights) {
      rights_json.push_back(
          {{"label", label_of(rights(), r.code)}, {"since", french_date(r.since)}});
    }
    ctx["rights"] = rights_json;
    ctx["has_rights"] = !rights_json.empty();
  }
  ctx["pro"] = pro;
  ctx["has_situation"] = !sits.empty();
}

json eligibility_summary(const Eligibility& e) {
  return {{"explanation", e.explanation},
          {"eligible", e.eligible},
          {"until", french_date(e.valid_until)},
          {"expiring", e.days_left >= 0 && e.days_left <= eligibility::kExpiryWarningDays},
          {"expired", e.days_left < 0}};
}

json project_summary(const Pages& p, const Project& pr) {
  json jobs = json::array();
  for (const auto& a : pr.appellations) jobs.push_back(p.labels(a));
  json contracts = json::array();
  for (const auto& c : pr.contracts) contracts.push_back(label_of(wanted_contracts(), c));
  return {{"jobs", jobs},
          {"km", pr.mobility_km},
          {"contracts", contracts},
          {"has_contracts", !contracts.empty()},
          {"time", label_of(working_times(), pr.working_time)},
          {"available", french_date(pr.available_on)}};
}

json diagnosis_summary(const Diagnosis& d) {
  std::map<std::string, json> by_theme;
  json levers = json::array();
  for (const auto& it : d.items) {
    if (it.kind == "barrier") {
      const Situation* sit = find_situation(it.item);
      by_theme[it.theme].push_back(
          {{"label", sit ? sit->label : it.item},
           {"severity", label_of(severities(), std::to_string(it.severity))},
           {"blocking", it.severity == 3}});
    } else if (it.kind == "lever" && !it.note.empty()) {
      levers.push_back({{"theme", find_theme(it.theme)->label}, {"note", it.note}});
    }
  }
  json barriers = json::array();
  for (const auto& t : themes()) {
    auto f = by_theme.find(std::string(t.code));
    if (f != by_theme.end()) barriers.push_back({{"theme", t.label}, {"items", f->second}});
  }
  return {{"date", french_date(d.made_on)},
          {"barriers", barriers},
          {"levers", levers},
          {"has_levers", !levers.empty()},
          {"no_barrier", barriers.empty()}};
}

Response synthesis(const Pages& p, Request& req) {
  const auto& s = access::session_of(req);
  auto b = p.svc.get(s, req.param("id"), "identity,social,professional");
  if (!b) return Response::not_found();
  json ctx = record_header(*b, "");
  ui::keep_list(req, ctx);
  ctx["title"] = b->summary.first_name + " " + b->summary.last_name;
  auto syn = p.svc.synthesis(s, *b);
  situation_summary(ctx, syn.situations);
  ctx["contract"] = label_of(contract_kinds(), b->summary.contract_kind);
  ctx["prescriber"] = std::string(label_of(prescriber_kinds(), b->prescriber_kind)) +
                      (b->prescriber_name.empty() ? "" : " — " + b->prescriber_name);
  ctx["notice"] = req.query.has("cree") ? json("Le dossier a été créé.") : json(nullptr);
  ctx["notice_version"] = b->notice_version;
  ctx["notice_given_on"] = french_date(b->notice_given_on);
  json refs = json::array();
  for (size_t i = 0; i < b->referents.size(); ++i) {
    refs.push_back({{"name", b->referents[i].second}, {"main", i == 0}});
  }
  ctx["referents"] = refs;
  if (!syn.eligibilities.empty())
    ctx["eligibility"] = eligibility_summary(syn.eligibilities.front());
  if (!syn.projects.empty()) ctx["project"] = project_summary(p, syn.projects.front());
  if (!syn.diagnoses.empty()) ctx["diagnosis"] = diagnosis_summary(syn.diagnoses.front());
  ctx["health_link"] = syn.health_allowed;
  record_life(ctx, req, *b);
  return p.page(req, "beneficiaries/record", ctx);
}

}  // namespace

void register_routes(http::Router& router, BeneficiaryService& svc, const ui::Renderer& renderer,
                     AppellationLabels labels) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  const Pages p{svc, renderer, std::move(labels)};
  router.add_all({
      {kGet, "/beneficiaires/nouveau", kBeneficiariesWrite, http::on(p, new_person)},
      {kPost, "/beneficiaires/nouveau", kBeneficiariesWrite, http::on(p, create)},
      {kGet, "/beneficiaires/{id}", kBeneficiariesRead, http::on(p, synthesis)},
  });
  register_caseload_pages(router, p);
  register_situation_pages(router, p);
  register_diagnosis_pages(router, p);
  register_project_pages(router, p);
  register_eligibility_pages(router, p);
  register_health_pages(router, p);
  register_lifecycle_pages(router, p);
  register_api(router, svc);
}

}  // namespace jalon::beneficiaries
