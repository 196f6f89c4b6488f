// The caseload page (issue 14): its whole state — search term, filters, sort, page — is in the
// GET parameters, so Back, reload and a shared link restore the same list, and each row's link
// carries the list in `retour` for the record's breadcrumb. Active filters show as removable
// chips; the toggles show their count before they are applied; the sortable headers carry
// aria-sort. The access log keeps the route only (http::Pipeline), the page is not cached and
// sends no Referer.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "access/capabilities.h"
#include "access/roles.h"
#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"
#include "core/text.h"
#include "http/forms.h"
#include "ui/page.h"
#include "ui/render.h"

namespace jalon::beneficiaries {
namespace {

constexpr int kMaxNoContactDays = 3650;

const referential::List& eligibility_filters() {
  static const referential::List l = {
      {"expiree", "Éligibilité expirée"},
      {"a_renouveler", "Éligibilité expirée ou qui expire sous 30 jours"}};
  return l;
}

// One GET parameter: its name, how to read it from a query, and its chip's label ("" = inactive).
struct Param {
  const char* name;
  std::function<std::string(const CaseloadQuery&)> value;
  std::function<void(CaseloadQuery&)> clear;
};

const std::vector<Param>& params() {
  static const std::vector<Param> l = {
      {"q", [](const CaseloadQuery& q) { return q.text; },
       [](CaseloadQuery& q) { q.text.clear(); }},
      {"statut", [](const CaseloadQuery& q) { return q.status; },
       [](CaseloadQuery& q) { q.status.clear(); }},
      {"contrat", [](const CaseloadQuery& q) { return q.contract; },
       [](CaseloadQuery& q) { q.contract.clear(); }},
      {"referent", [](const CaseloadQuery& q) { return q.referent_id; },
       [](CaseloadQuery& q) { q.referent_id.clear(); }},
      {"frein", [](const CaseloadQuery& q) { return q.theme; },
       [](CaseloadQuery& q) { q.theme.clear(); }},
      {"retard", [](const CaseloadQuery& q) { return std::string(q.overdue ? "1" : ""); },
       [](CaseloadQuery& q) { q.overdue = false; }},
      {"sans_referent",
       [](const CaseloadQuery& q) { return std::string(q.no_referent ? "1" : ""); },
       [](CaseloadQuery& q) { q.no_referent = false; }},
      {"fin_contrat",
       [](const CaseloadQuery& q) { return std::string(q.contract_ending ? "1" : ""); },
       [](CaseloadQuery& q) { q.contract_ending = false; }},
      {"sans_contact",
       [](const CaseloadQuery& q) {
         return q.no_contact_days > 0 ? std::to_string(q.no_contact_days) : std::string();
       },
       [](CaseloadQuery& q) { q.no_contact_days = 0; }},
      {"eligibilite", [](const CaseloadQuery& q) { return q.eligibility; },
       [](CaseloadQuery& q) { q.eligibility.clear(); }},
      {"sans_issue",
       [](const CaseloadQuery& q) { return std::string(q.missing_outcome ? "1" : ""); },
       [](CaseloadQuery& q) { q.missing_outcome = false; }},
  };
  return l;
}

// A chip's label, with the names of the codes.
std::string chip_label(const std::string& name, const std::string& v,
                       const std::vector<std::pair<std::string, std::string>>& counselors) {
  if (name == "q") return "Recherche : « " + v + " »";
  if (name == "statut")
    return v == "tous" ? "Sorties comprises" : "Statut : " + std::string(label_of(statuses(), v));
  if (name == "contrat") return "Contrat : " + std::string(label_of(contract_kinds(), v));
  if (name == "referent") {
    for (const auto& [id, n] : counselors) {
      if (id == v) return "Référent·e : " + n;
    }
    return "Référent·e";
  }
  if (name == "frein") return "Frein : " + std::string(label_of(themes(), v));
  if (name == "retard") return "Suivi en retard";
  if (name == "sans_referent") return "Sans référent·e";
  if (name == "fin_contrat") return "Contrat se terminant ce mois-ci";
  if (name == "sans_contact") return "Sans contact depuis " + v + " jours";
  if (name == "eligibilite") return std::string(label_of(eligibility_filters(), v));
  return "Rendez-vous passé sans issue";
}

// The canonical query string of q (page left out), each value percent-encoded.
std::string query_string(const CaseloadQuery& q) {
  std::string out;
  for (const auto& p : params()) {
    std::string v = p.value(q);
    if (v.empty()) continue;
    out += (out.empty() ? "" : "&") + std::string(p.name) + "=" + http::percent_encode(v);
  }
  if (q.sort != "name") out += (out.empty() ? "tri=" : "&tri=") + q.sort;
  return out;
}

std::string with_page(const CaseloadQuery& q, int page) {
  std::string qs = query_string(q);
  if (page > 1) qs += (qs.empty() ? "page=" : "&page=") + std::to_string(page);
  return "/beneficiaires" + (qs.empty() ? std::string() : "?" + qs);
}

}  // namespace

CaseloadQuery caseload_query(const http::Fields& f) {
  CaseloadQuery q;
  q.text = text::trim(f.get("q"));
  q.status =
      has_code(statuses(), f.get("statut")) || f.get("statut") == "tous" ? f.get("statut") : "";
  q.contract = has_code(contract_kinds(), f.get("contrat")) ? f.get("contrat") : "";
  q.referent_id = f.get("referent");
  q.theme = find_theme(f.get("frein")) ? f.get("frein") : "";
  q.overdue = f.get("retard") == "1";
  q.no_referent = f.get("sans_referent") == "1";
  q.contract_ending = f.get("fin_contrat") == "1";
  int days = text::to_int(f.get("sans_contact"), 0);
  q.no_contact_days = days > 0 && days <= kMaxNoContactDays ? days : 0;
  q.eligibility = has_code(eligibility_filters(), f.get("eligibilite")) ? f.get("eligibilite") : "";
  q.missing_outcome = f.get("sans_issue") == "1";
  q.sort = has_code(caseload_sorts(), f.get("tri")) ? f.get("tri") : "name";
  q.page = std::max(1, text::to_int(f.get("page"), 1));
  return q;
}

std::string caseload_href(const CaseloadQuery& q) {
  return with_page(q, 1);
}

namespace {

// A caseload row: the person's row, their next follow-up and the link that keeps the list.
json caseload_row(Summary s, const std::string& back) {
  std::string next = french_date(s.next_followup_on);
  std::string href = "/beneficiaires/" + s.id + back;
  std::string id = s.id;  // the bulk selection's checkbox (workshop enrolment)
  json j = summary_row(std::move(s));
  j["id"] = std::move(id);
  j["next_followup"] = std::move(next);
  j["href"] = std::move(href);
  return j;
}

// The active filters as chips, each with the list without it.
json chips(const CaseloadQuery& q, const CaseloadPage& result) {
  json out = json::array();
  for (const auto& p : params()) {
    std::string v = p.value(q);
    if (v.empty()) continue;
    CaseloadQuery without = q;
    p.clear(without);
    out.push_back(
        {{"label", chip_label(p.name, v, result.counselors)}, {"remove", with_page(without, 1)}});
  }
  return out;
}

// The toggles, each with the list's length once applied (cached counts: cheap).
json toggles(const Pages& p, const access::Session& s, const CaseloadQuery& q) {
  struct Toggle {
    const char* name;
    const char* label;
    bool CaseloadQuery::*member;
  };
  static const Toggle kToggles[] = {
      {"retard", "Suivi en retard", &CaseloadQuery::overdue},
      {"fin_contrat", "Contrat se terminant ce mois-ci", &CaseloadQuery::contract_ending},
      {"sans_referent", "Sans référent·e", &CaseloadQuery::no_referent},
      {"sans_issue", "Rendez-vous passé sans issue", &CaseloadQuery::missing_outcome}};
  json out = json::array();
  for (const auto& t : kToggles) {
    CaseloadQuery with = q;
    with.*t.member = true;
    out.push_back({{"name", t.name},
                   {"label", t.label},
                   {"checked", q.*t.member},
                   {"count", p.svc.caseload_count(s, with)}});
  }
  return out;
}

// The sortable columns' headers: the current one has aria-sort, each links to its sort.
json headers(const CaseloadQuery& q) {
  struct Column {
    const char* sort;
    const char* label;
    const char* direction;
    bool num;
  };
  static const Column kColumns[] = {{"name", "Nom", "ascending", false},
                                    {"birth", "Naissance", "ascending", true},
                                    {"followup", "Prochain suivi", "ascending", false},
                                    {"entry", "Entrée", "descending", false}};
  json out = json::object();
  for (const auto& c : kColumns) {
    CaseloadQuery sorted = q;
    sorted.sort = c.sort;
    out[c.sort] = {{"label", c.label},
                   {"href", with_page(sorted, 1)},
                   {"sort", q.sort == c.sort ? json(c.direction) : json(nullptr)},
                   {"num", c.num}};
  }
  return out;
}

void filter_options(json& ctx, const CaseloadQuery& q, const CaseloadPage& result) {
  json referents = json::array();
  referents.push_back({{"code", ""}, {"label", "Tous"}, {"selected", q.referent_id.empty()}});
  for (const auto& [id, name] : result.counselors) {
    referents.push_back({{"code", id}, {"label", name}, {"selected", id == q.referent_id}});
  }
  json themes_opts = json::array();
  themes_opts.push_back({{"code", ""}, {"label", "Tous"}, {"selected", q.theme.empty()}});
  for (const auto& t : themes()) {
    if (!professional(t)) {
      themes_opts.push_back(
          {{"code", t.code}, {"label", t.label}, {"selected", t.code == q.theme}});
    }
  }
  json statuses_opts = ui::options(statuses(), q.status, false);
  statuses_opts.insert(
      statuses_opts.begin(),
      {{"code", ""}, {"label", "Tous sauf sortis"}, {"selected", q.status.empty()}});
  statuses_opts.push_back(
      {{"code", "tous"}, {"label", "Tous, sorties comprises"}, {"selected", q.status == "tous"}});
  ctx["statuses"] = statuses_opts;
  ctx["contracts"] = ui::options(contract_kinds(), q.contract, true);
  ctx["referents"] = referents;
  ctx["themes"] = themes_opts;
  ctx["eligibilities"] = ui::options(eligibility_filters(), q.eligibility, true);
  ctx["sorts"] = ui::options(caseload_sorts(), q.sort);
  ctx["no_contact_days"] = q.no_contact_days > 0 ? std::to_string(q.no_contact_days) : "";
}

void pagination(json& ctx, const CaseloadQuery& q, const CaseloadPage& result) {
  json pages = json::array();
  for (int n = std::max(1, result.page - 3); n <= std::min(result.pages, result.page + 3); ++n) {
    pages.push_back({{"n", n}, {"href", with_page(q, n)}, {"current", n == result.page}});
  }
  ctx["page"] = result.page;
  ctx["pages"] = result.pages;
  ctx["page_links"] = pages;
  ctx["prev"] = result.page > 1 ? with_page(q, result.page - 1) : "";
  ctx["next"] = result.page < result.pages ? with_page(q, result.page + 1) : "";
}

// "Sans contact depuis" takes a number of days: anything else is said, and not applied.
json input_errors(const Request& req, const CaseloadQuery& q) {
  json errors = json::array();
  const std::string& days = req.query.get("sans_contact");
  if (!days.empty() && q.no_contact_days == 0) {
    errors.push_back({{"field", "sans_contact"},
                      {"message", "Sans contact depuis : indiquez un nombre de jours entre 1 et " +
                                      std::to_string(kMaxNoContactDays) + "."}});
  }
  return errors;
}

Response caseload(const Pages& p, Request& req) {
  const auto& s = access::session_of(req);
  CaseloadQuery q = caseload_query(req.query);
  json errors = input_errors(req, q);
  // The filter form sends every field, most of them empty: the list's URL keeps only what
  // applies (a shorter link to share, the same one the chips and the breadcrumb build).
  bool blank = std::any_of(req.query.items().begin(), req.query.items().end(),
                           [](const auto& kv) { return kv.second.empty(); });
  if (blank && errors.empty()) return Response::redirect(with_page(q, q.page));
  auto result = p.svc.caseload(s, q);
  q.page = result.page;
  // The list's own query, e.g. "statut=en_cours&tri=birth&page=2", for the record's breadcrumb.
  std::string list_qs = with_page(q, q.page).substr(std::string_view("/beneficiaires").size());
  std::string back = list_qs.empty() ? "" : "?retour=" + http::percent_encode(list_qs.substr(1));
  json rows = json::array();
  for (auto& r : result.rows) rows.push_back(caseload_row(std::move(r), back));
  json ctx = {{"title", "Mes bénéficiaires"}, {"nav", "caseload"},     {"total", result.total},
              {"plural", result.total > 1},   {"empty", rows.empty()}, {"q", q.text}};
  ctx["rows"] = std::move(rows);
  ctx["notice"] = ui::notice_for(
      req,
      {{"transfere", "La personne a été confiée à son ou sa nouveau·elle référent·e."},
       {"efface", "Le dossier a été effacé. Il n'en reste qu'une ligne statistique anonyme."}});
  ctx["can_reassign"] = access::role_has(s.role, access::capability::kCaseloadManage);
  ctx["chips"] = chips(q, result);
  ctx["has_chips"] = !ctx["chips"].empty();
  ctx["toggles"] = toggles(p, s, q);
  ctx["cols"] = headers(q);
  ctx["errors"] = std::move(errors);
  ctx["has_errors"] = !ctx["errors"].empty();
  pagination(ctx, q, result);
  filter_options(ctx, q, result);
  Response r = p.page(req, "beneficiaries/caseload", ctx, ctx["has_errors"] ? 422 : 200);
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Cache-Control", "no-store");
  return r;
}

// The former POST search (SR 44) now leads to the list's URL: the term is a GET parameter
// (issue 14), kept out of the access log, which records the route only.
Response search(const Pages&, Request& req) {
  CaseloadQuery q = caseload_query(req.form);
  q.page = 1;
  return Response::redirect(caseload_href(q));
}

}  // namespace

void register_caseload_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires", access::kBeneficiariesRead, http::on(p, caseload)},
      {kPost, "/beneficiaires/recherche", access::kBeneficiariesRead, http::on(p, search)},
  });
}

}  // namespace jalon::beneficiaries
