// Pages and JSON API of the pathway: the record's "Parcours" tab (contracts with their renewal
// alert, objectives and their actions), the printable contract, the forms of each, the
// "Orientations" and "Historique" tabs, the counselor dashboard on the home page, and
// /api/v1/beneficiaries/{id}/contracts|objectives|actions|referrals|timeline.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "access/capabilities.h"
#include "beneficiaries/service.h"
#include "http/router.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "meetings/web.h"
#include "pathways/documents.h"
#include "pathways/service.h"
#include "ui/page.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::pathways {

struct Services {
  PathwayService& pathways;
  beneficiaries::BeneficiaryService& beneficiaries;
  meetings::MeetingService& meetings;
  meetings::ReportService& reports;
  DocumentService& documents;
  const ui::Renderer& renderer;
  const ui::Records& records;  // opens the person of a record page (ui::record_page)

  // The page `tmpl` in the layout (ui::page_response).
  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);

// The names the pathway's route files share.
using access::kPathwayRead;
using access::kPathwayWrite;
using http::Request;
using http::Response;
using nlohmann::json;

// The answer to a form's POST whose save returned `r`: `saved()` (a redirect) when it succeeded,
// 404 when the object is hidden from the caller, else the error on the form and `again()` (the
// form shown again, 422).
template <class R, class Saved, class Again>
Response saved_or_again(const R& r, ui::Form& form, Saved saved, Again again) {
  if (r.ok()) return saved();
  if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
  form.fail(r.error());
  return again();
}

// Parts of register_routes, one file each.
void register_pathway_pages(http::Router& router, const Services& s);   // web.cc
void register_item_pages(http::Router& router, const Services& s);      // items_web.cc
void register_referral_pages(http::Router& router, const Services& s);  // referrals_web.cc
void register_timeline(http::Router& router, const Services& s);        // timeline_web.cc
void register_dashboard(http::Router& router, const Services& s);       // dashboard_web.cc
void register_api(http::Router& router, const Services& s);             // api.cc
void register_documents(http::Router& router, const Services& s);       // documents_web.cc
void register_bilan(http::Router& router, const Services& s);           // bilan_web.cc

// The signed-in home page of a counselor, coordinator or structure admin (pathway.read):
// today's appointments, overdue actions, contracts to renew, draft reports, referrals to
// follow up. Adds {"dashboard": {...}} to the home page context.
void add_dashboard(const Services& s, const http::Request& req, nlohmann::json& ctx);

// The person's objectives and actions a report may be tied to (meetings::Services), and the
// reports tied to each shown on the "Parcours" tab ({"reports": […], "has_reports"} on each
// objective and action of `objectives`). items_web.cc.
std::vector<meetings::ItemChoice> report_choices(PathwayService& pathways, const access::Session& s,
                                                 const std::string& person_id);
void add_item_reports(const Services& svc, const access::Session& s, const std::string& person_id,
                      nlohmann::json& objectives);

}  // namespace jalon::pathways
