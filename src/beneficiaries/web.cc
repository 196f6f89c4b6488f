#include "beneficiaries/web.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/view.h"
#include "core/dates.h"
#include "core/text.h"
#include "eligibility/criteria.h"
#include "ui/charts.h"
#include "ui/page.h"

namespace jalon::beneficiaries {
namespace {

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;
using view::checks;
using view::french_date;
using view::options;

using view::kRead;
using view::kWrite;

// A caseload row: only what caseload_results.mustache shows, built key by key from a Summary
// the caller gives up (a braced json initializer list copies every pair through temporaries,
// and every key costs an allocation, on each row of every page view).
json caseload_row(Summary s) {
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

// A caseload row and what the record header and the duplicate warning add.
json summary_json(Summary s) {
  std::string name = s.last_name + " " + s.first_name;
  std::string birth_date = french_date(s.birth_date);
  std::string scheme(label_of(schemes(), s.scheme));
  std::string status_code = s.status;
  json j = caseload_row(std::move(s));
  j["name"] = std::move(name);
  j["birth_date"] = std::move(birth_date);
  j["scheme"] = std::move(scheme);
  j["status_code"] = std::move(status_code);
  return j;
}

json record_header(const Beneficiary& b, const std::string& current) {
  json bj = summary_json(b.summary);
  bj["name"] = b.summary.first_name + " " + b.summary.last_name;
  return {{"b", bj}, {"tabs", view::record_tabs(b.summary.id, current)}, {"nav", "caseload"}};
}

}  // namespace

void register_routes(http::Router& router, BeneficiaryService& svc, const ui::Renderer& renderer,
                     AppellationLabels labels) {
  auto page = [&renderer](const Request& req, std::string_view tmpl, const json& ctx,
                          int status = 200) {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  };

  // ---- caseload -------------------------------------------------------------------------
  auto caseload = [&svc, &renderer, page](Request& req, const std::string& text) {
    const auto& s = access::session_of(req);
    CaseloadQuery q;
    const http::Fields& f = req.method == http::Method::kPost ? req.form : req.query;
    q.text = text;
    q.status = f.get("statut");
    q.contract = f.get("contrat");
    q.referent_id = f.get("referent");
    q.theme = f.get("frein");
    q.overdue = f.get("retard") == "1";
    q.sort = f.get("tri").empty() ? "name" : f.get("tri");
    q.page = text::to_int(f.get("page"), 1);
    auto result = svc.caseload(s, q);
    json rows = json::array();
    for (auto& r : result.rows) rows.push_back(caseload_row(std::move(r)));
    json referents = json::array();
    referents.push_back({{"code", ""}, {"label", "Tous"}, {"selected", q.referent_id.empty()}});
    for (const auto& [id, name] : result.counselors) {
      referents.push_back({{"code", id}, {"label", name}, {"selected", id == q.referent_id}});
    }
    json themes_opts = json::array();
    themes_opts.push_back({{"code", ""}, {"label", "Tous"}, {"selected", q.theme.empty()}});
    for (const auto& t : themes()) {
      if (!t.professional) {
        themes_opts.push_back(
            {{"code", t.code}, {"label", t.label}, {"selected", t.code == q.theme}});
      }
    }
    json sorts = json::array();
    for (auto [c, l] : std::vector<std::pair<std::string, std::string>>{
             {"name", "Nom"},
             {"entry", "Date d'entrée (récentes d'abord)"},
             {"birth", "Date de naissance"},
             {"updated", "Dernière mise à jour"}}) {
      sorts.push_back({{"code", c}, {"label", l}, {"selected", c == q.sort}});
    }
    // Pagination links keep the non-personal filters only (SR 44: no names in URLs).
    std::string base = "/beneficiaires?statut=" + q.status + "&contrat=" + q.contract +
                       "&referent=" + q.referent_id + "&frein=" + q.theme +
                       "&retard=" + (q.overdue ? "1" : "") + "&tri=" + q.sort + "&page=";
    json pages = json::array();
    for (int p = std::max(1, result.page - 3); p <= std::min(result.pages, result.page + 3); ++p) {
      pages.push_back(
          {{"n", p}, {"href", base + std::to_string(p)}, {"current", p == result.page}});
    }
    json ctx = {{"title", "Mes bénéficiaires"},
                {"nav", "caseload"},
                {"rows", rows},
                {"total", result.total},
                {"plural", result.total > 1},
                {"empty", rows.empty()},
                {"page", result.page},
                {"pages", result.pages},
                {"page_links", pages},
                {"prev", result.page > 1 ? base + std::to_string(result.page - 1) : ""},
                {"next", result.page < result.pages ? base + std::to_string(result.page + 1) : ""},
                {"q", text},
                {"statuses", options(statuses(), q.status, true)},
                {"contracts", options(contract_kinds(), q.contract, true)},
                {"referents", referents},
                {"themes", themes_opts},
                {"sorts", sorts},
                {"overdue", q.overdue}};
    if (req.header("hx-request") == "true") {
      // htmx search: only the results region is swapped.
      json full = ui::page_context(req, "Mes bénéficiaires");
      full.update(ctx);
      return Response::html(renderer.render("beneficiaries/caseload_results", full));
    }
    return page(req, "beneficiaries/caseload", ctx);
  };
  router.get("/beneficiaires", kRead, [caseload](Request& req) { return caseload(req, ""); });
  // Searching by name goes through POST so names never reach a URL or a log (SR 44).
  router.post("/beneficiaires/recherche", kRead,
              [caseload](Request& req) { return caseload(req, req.form.get("q")); });

  // ---- creation -------------------------------------------------------------------------
  auto new_form = [&svc, page](const Request& req, ui::Form* form, const NewBeneficiary& in,
                               const std::vector<BeneficiaryService::ExistingRecord>& duplicates,
                               int status) {
    const auto& s = access::session_of(req);
    json referents = json::array();
    for (const auto& [id, name] : svc.counselors(s)) {
      bool sel = in.referent_id.empty() ? id == s.user_id : id == in.referent_id;
      referents.push_back({{"code", id}, {"label", name}, {"selected", sel}});
    }
    json dups = json::array();
    for (const auto& d : duplicates) dups.push_back({{"ask", d.ask}});
    json ctx = {{"title", "Nouvelle personne accompagnée"},
                {"nav", "caseload"},
                {"pickers", true},
                {"civilities", options(civilities(), in.civility, true)},
                {"prescribers", options(prescriber_kinds(), in.prescriber_kind, true)},
                {"schemes", options(schemes(), in.scheme.empty() ? "iae" : in.scheme)},
                {"referents", referents},
                {"today", dates::iso(dates::local_date(req.received_at))},
                {"duplicates", dups},
                {"has_duplicates", !dups.empty()}};
    if (form) form->fill(ctx);
    ctx["values"]["entry_date"] =
        in.entry_date.empty() ? dates::iso(dates::local_date(req.received_at)) : in.entry_date;
    if (!form) ctx["values"]["notice_version"] = "2026-01";
    return page(req, "beneficiaries/new", ctx, status);
  };

  router.get("/beneficiaires/nouveau", kWrite,
             [new_form](Request& req) { return new_form(req, nullptr, {}, {}, 200); });

  router.post("/beneficiaires/nouveau", kWrite, [&svc, new_form](Request& req) {
    ui::Form form(req);
    NewBeneficiary in;
    in.civility = form.text("civility");
    in.last_name = form.text("last_name");
    in.first_name = form.text("first_name");
    in.birth_date = form.text("birth_date");
    in.email = form.text("email");
    in.phone = form.text("phone");
    in.commune_code = form.text("commune_code");
    in.commune_name = form.text("commune_name");
    in.prescriber_kind = form.text("prescriber_kind");
    in.prescriber_name = form.text("prescriber_name");
    in.entry_date = form.text("entry_date");
    in.scheme = form.text("scheme");
    in.referent_id = form.text("referent_id");
    in.notice_version = form.text("notice_version");
    in.confirm_duplicate = form.checked("confirm_duplicate");
    auto r = svc.create(access::session_of(req), in);
    if (!r.ok()) {
      form.fail(r.error());
      return new_form(req, &form, in, {}, 422);
    }
    if (!r->duplicates.empty()) {
      form.error("form",
                 "Un dossier existe déjà avec ces nom, prénom et date de naissance. "
                 "Ouvrez-le, ou confirmez qu'il s'agit d'une autre personne.");
      return new_form(req, &form, in, r->duplicates, 409);
    }
    return Response::redirect("/beneficiaires/" + r->id + "?cree=1");
  });

  // ---- synthesis ------------------------------------------------------------------------
  router.get("/beneficiaires/{id}", kRead, [&svc, page, labels](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "identity,social,professional");
    if (!b) return Response::not_found();
    json ctx = record_header(*b, "");
    ctx["title"] = b->summary.first_name + " " + b->summary.last_name;
    auto syn = svc.synthesis(s, *b);
    const auto& sits = syn.situations;
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
    const auto& elig = syn.eligibilities;
    if (!elig.empty()) {
      ctx["eligibility"] = {
          {"explanation", elig.front().explanation},
          {"eligible", elig.front().eligible},
          {"until", french_date(elig.front().valid_until)},
          {"expiring", elig.front().days_left >= 0 &&
                           elig.front().days_left <= eligibility::kExpiryWarningDays},
          {"expired", elig.front().days_left < 0}};
    }
    const auto& projects = syn.projects;
    if (!projects.empty()) {
      const auto& p = projects.front();
      json jobs = json::array();
      for (const auto& a : p.appellations) jobs.push_back(labels(a));
      json contracts = json::array();
      for (const auto& c : p.contracts) contracts.push_back(label_of(wanted_contracts(), c));
      ctx["project"] = {{"jobs", jobs},
                        {"km", p.mobility_km},
                        {"contracts", contracts},
                        {"has_contracts", !contracts.empty()},
                        {"time", label_of(working_times(), p.working_time)},
                        {"available", french_date(p.available_on)}};
    }
    const auto& diags = syn.diagnoses;
    if (!diags.empty()) {
      std::map<std::string, json> by_theme;
      json levers = json::array();
      for (const auto& it : diags.front().items) {
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
      ctx["diagnosis"] = {{"date", french_date(diags.front().made_on)},
                          {"barriers", barriers},
                          {"levers", levers},
                          {"has_levers", !levers.empty()},
                          {"no_barrier", barriers.empty()}};
    }
    ctx["health_link"] = syn.health_allowed;
    return page(req, "beneficiaries/record", ctx);
  });
  register_sections(router, svc, renderer, labels);
  register_api(router, svc);
}

}  // namespace jalon::beneficiaries
