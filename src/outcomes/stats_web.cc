// The statistics page (coordinators, directors, funders): the rates with numerator and
// denominator, their definitions, small-cell protection, the caseload flows, a server-side SVG
// chart beside its data table, a breakdown by year, scheme, counselor, team or territory; each
// count links to the people behind it for the roles allowed to see them; the XLSX export.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/roles.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "http/forms.h"
#include "http/json_api.h"
#include "outcomes/web.h"
#include "ui/charts.h"

namespace jalon::outcomes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

bool sees_people(const Request& req) {
  return access::role_has(access::session_of(req).role, access::capability::kOutcomesPeople);
}

std::string query_string(const StatsQuery& q) {
  std::string out;
  for (auto [k, v] : {std::pair{"du", &q.from}, std::pair{"au", &q.to},
                      std::pair{"dispositif", &q.scheme}, std::pair{"referent", &q.referent_id},
                      std::pair{"equipe", &q.team_id}, std::pair{"par", &q.by}}) {
    if (v->empty()) continue;
    out += (out.empty() ? "" : "&") + std::string(k) + "=" + http::percent_encode(*v);
  }
  return out;
}

json rate_json(const Rate& r, int small) {
  return {{"text", rate_text(r, small)},
          {"numerator", r.numerator},
          {"denominator", r.denominator},
          {"shown", r.shown}};
}

json row_json(const StatsRow& r, int small, const std::string& people_base) {
  auto link = [&](const char* figure) {
    return people_base.empty()
               ? std::string()
               : people_base + "&chiffre=" + figure + "&cle=" + http::percent_encode(r.key);
  };
  return {{"label", r.label},
          {"exits", r.exits},
          {"examined", r.examined},
          {"durable", r.durable},
          {"transition", r.transition},
          {"positive", r.positive},
          {"other", r.other},
          {"unknown", r.unknown},
          {"average_days", r.exits ? r.days_total / r.exits : 0},
          {"dynamic", rate_json(r.dynamic, small)},
          {"access6", rate_json(r.access6, small)},
          {"durable6", rate_json(r.durable6, small)},
          {"global6", rate_json(r.rncp6.global, small)},
          {"target6", rate_json(r.rncp6.target_job, small)},
          {"global24", rate_json(r.rncp24.global, small)},
          {"target24", rate_json(r.rncp24.target_job, small)},
          {"respondents6", r.rncp6.respondents},
          {"unreachable6", r.unreachable6},
          {"to_do6", r.to_do6},
          {"respondents24", r.rncp24.respondents},
          {"unreachable24", r.unreachable24},
          {"link_exits", link("exits")},
          {"link_examined", link("examined")},
          {"link_dynamic", link("dynamic")},
          {"link_durable", link("durable")},
          {"link_transition", link("transition")},
          {"link_positive", link("positive")},
          {"link_respondents6", link("respondents6")},
          {"link_unreachable6", link("unreachable6")},
          {"link_employed6", link("employed6")}};
}

std::string chart(const Stats& st) {
  std::vector<std::string> cats;
  std::vector<ui::Series> series = {{"Emploi durable", {}},
                                    {"Emploi de transition", {}},
                                    {"Sortie positive", {}},
                                    {"Autre sortie", {}}};
  const auto& rows = st.rows.size() > 1 ? st.rows : std::vector<StatsRow>{st.total};
  for (const auto& r : rows) {
    cats.push_back(r.label);
    series[0].values.push_back(static_cast<double>(r.durable));
    series[1].values.push_back(static_cast<double>(r.transition));
    series[2].values.push_back(static_cast<double>(r.positive));
    series[3].values.push_back(static_cast<double>(r.other));
  }
  return ui::stacked_bar_chart("Sorties examinées par catégorie",
                               "Source : Jalon, sorties "
                               "enregistrées",
                               cats, series);
}

// The insertion rates at 6 months and 2 years, as bars (percent) beside the table.
std::string rates_chart(const Stats& st) {
  std::vector<std::string> cats = {"Accès à l'emploi à 6 mois", "Emploi durable à 6 mois",
                                   "Insertion globale à 6 mois", "Insertion globale à 2 ans"};
  ui::Series series{"Taux (%)", {}};
  for (const Rate* r :
       {&st.total.access6, &st.total.durable6, &st.total.rncp6.global, &st.total.rncp24.global}) {
    series.values.push_back(r->shown ? r->percent : 0);
  }
  return ui::bar_chart("Taux d'insertion après la sortie (%)",
                       "Source : Jalon, suivis renseignés ; un taux non affiché vaut 0 ici", cats,
                       {series});
}

json activity_json(const Activity& a, int small) {
  return {{"sessions", a.sessions},
          {"enrolled", a.enrolled},
          {"present", a.present},
          {"excused", a.excused},
          {"cancelled", a.cancelled},
          {"absent", a.absent},
          {"attendance", rate_json(a.attendance, small)},
          {"referrals", a.referrals},
          {"within15", rate_json(a.within15, small)},
          {"within30", rate_json(a.within30, small)}};
}

json fse_json(const FseReport& r) {
  json rows = json::array();
  for (const auto& i : r.indicators) {
    rows.push_back({{"code", i.code},
                    {"label", i.label},
                    {"collected", i.collected},
                    {"women", i.women},
                    {"men", i.men},
                    {"other", i.other},
                    {"total", i.total()}});
  }
  return {{"version", r.version},
          {"indicators", rows},
          {"status_mistakes", r.status_mistakes},
          {"has_mistakes", r.status_mistakes > 0}};
}

}  // namespace

StatsQuery stats_query(const Request& req) {
  StatsQuery q;
  q.from = req.query.get("du");
  q.to = req.query.get("au");
  q.scheme = req.query.get("dispositif");
  q.referent_id = req.query.get("referent");
  q.team_id = req.query.get("equipe");
  q.by = req.query.get("par");
  if (!referential::has_code(breakdowns(), q.by)) q.by.clear();
  for (auto* d : {&q.from, &q.to}) {
    if (!d->empty() && !dates::parse_iso_date(*d).ok()) d->clear();
  }
  return q;
}

namespace {

Response stats_page(const Services& s, Request& req) {
  StatsQuery q = stats_query(req);
  auto st = s.outcomes.statistics(access::session_of(req), q);
  std::string qs = query_string(q);
  std::string people = sees_people(req) ? "/statistiques/sorties/personnes?" + qs : "";
  json rows = json::array();
  for (const auto& r : st.rows) rows.push_back(row_json(r, st.small_cell, people));
  json ctx{
      {"title", "Sorties et insertion"},
      {"nav", "outcomes"},
      {"rows", rows},
      {"total", row_json(st.total, st.small_cell, q.by.empty() ? people : "")},
      {"by_label", q.by.empty() ? "Ensemble" : referential::label_of(breakdowns(), q.by)},
      {"broken_down", !q.by.empty()},
      {"entries", st.entries},
      {"small_cell", st.small_cell},
      {"chart", chart(st)},
      {"rates_chart", rates_chart(st)},
      {"activity", activity_json(s.outcomes.activity(access::session_of(req), q), st.small_cell)},
      {"fse", fse_json(s.outcomes.fse_report(access::session_of(req), q, false))},
      {"fse_export", "/statistiques/sorties/fse.xlsx" + (qs.empty() ? "" : "?" + qs)},
      {"breakdowns", ui::options(breakdowns(), q.by, true)},
      {"schemes", ui::options(beneficiaries::schemes(), q.scheme, true)},
      {"values", {{"du", q.from}, {"au", q.to}}},
      {"export", "/statistiques/sorties/export.xlsx" + (qs.empty() ? "" : "?" + qs)},
      {"threshold", s.outcomes.params().durable_months}};
  return s.page(req, "outcomes/stats", ctx);
}

Response people_page(const Services& s, Request& req) {
  StatsQuery q = stats_query(req);
  std::string figure = req.query.get("chiffre");
  auto list = s.outcomes.people_behind(access::session_of(req), q, figure, req.query.get("cle"));
  json rows = json::array();
  for (const auto& p : list) {
    rows.push_back({{"id", p.beneficiary_id},
                    {"name", p.name},
                    {"exit_on", dates::french_date(p.exit_on)},
                    {"category", referential::label_of(categories(), p.category)},
                    {"situation", referential::label_of(situations(), p.situation)}});
  }
  json ctx{{"title", "Personnes derrière le chiffre"},
           {"rows", rows},
           {"none", rows.empty()},
           {"back", "/statistiques/sorties?" + query_string(q)}};
  return s.page(req, "outcomes/people", ctx);
}

Response export_xlsx(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  StatsQuery q = stats_query(req);
  auto st = s.outcomes.statistics(session, q);
  Response r;
  if (sees_people(req)) {
    auto detail = s.outcomes.export_rows(session, q);
    r.body = stats_workbook(st, &detail.exits, &detail.followups);
  } else {
    r.body = stats_workbook(st, nullptr, nullptr);
  }
  r.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.set_header("Content-Disposition", "attachment; filename=\"sorties-insertion.xlsx\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response export_fse(const Services& s, Request& req) {
  auto report = s.outcomes.fse_report(access::session_of(req), stats_query(req), sees_people(req));
  Response r;
  r.body = fse_workbook(report, sees_people(req));
  r.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.set_header("Content-Disposition", "attachment; filename=\"fse-participants.xlsx\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_stats_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/statistiques/sorties", access::kOutcomesStats, http::on(s, stats_page)},
      {kGet, "/statistiques/sorties/personnes", access::kOutcomesPeople, http::on(s, people_page)},
      {kGet, "/statistiques/sorties/export.xlsx", access::kOutcomesStats, http::on(s, export_xlsx)},
      {kGet, "/statistiques/sorties/fse.xlsx", access::kOutcomesStats, http::on(s, export_fse)},
  });
}

}  // namespace jalon::outcomes
