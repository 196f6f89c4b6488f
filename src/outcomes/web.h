// Pages and JSON API of outcomes (issue 18): the exit page of a record (form, confirmation of
// what closes, re-entry, the follow-ups), the follow-up form, the statistics page with its
// SVG charts and data tables, the people behind a figure, the XLSX export, /api/v1 twins; and
// the follow-up job.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/router.h"
#include "jobs/runner.h"
#include "outcomes/service.h"
#include "ui/page.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::outcomes {

struct Services {
  OutcomeService& outcomes;
  const ui::Renderer& renderer;
  const ui::Records& records;
  std::string base_url;  // links e-mailed to people (the questionnaire)
  // The person's latest placement, to prefill the exit form (employers), or nullopt.
  std::function<std::optional<PlacementPrefill>(const access::Session&, const std::string&)>
      placement;

  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);
void register_exit_pages(http::Router& router, const Services& s);           // exit_web.cc
void register_stats_pages(http::Router& router, const Services& s);          // stats_web.cc
void register_api(http::Router& router, const Services& s);                  // api.cc
void register_questionnaire_pages(http::Router& router, const Services& s);  // questionnaire_web.cc

// The follow-up job's handler (jobs/handlers.cc registers it).
void register_jobs(jobs::Runner& runner, store::Database& db, const Clock& clock, Random& rng);

// The statistics query of a request's GET parameters (du, au, dispositif, referent, equipe, par).
StatsQuery stats_query(const http::Request& req);

// The XLSX workbook of the statistics (export.cc): a sheet of the rates by breakdown (every
// role of the page), and for roles who may see people one row per exit and one per event.
std::string stats_workbook(const Stats& stats, const std::vector<Exit>* exits,
                           const std::vector<Followup>* followups);

// The FSE+ workbook (export.cc): the indicators by gender with the mapping's version (every
// role of the page), and for roles who may see people the participants with their entry and
// exit dates, codes and completeness (O7).
std::string fse_workbook(const FseReport& report, bool with_people);

}  // namespace jalon::outcomes
