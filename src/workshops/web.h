// Pages and JSON API of the workshops domain: the catalogue (templates and upcoming sessions),
// the template form and its printable running order (déroulé), sessions with their roster,
// attendance on one screen and rates, and enrolment of people selected in the caseload.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string_view>

#include "access/capabilities.h"
#include "http/router.h"
#include "meetings/web.h"
#include "ui/page.h"
#include "ui/render.h"
#include "workshops/service.h"

namespace jalon::workshops {

using access::kPathwayRead;  // access/capabilities.h: the meetings' capabilities
using access::kPathwayWrite;

struct Services {
  WorkshopService& workshops;
  const ui::Renderer& renderer;
  std::string base_url;  // absolute URL of Jalon, for questionnaire links and calendars

  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);

// Parts of register_routes, one file each.
void register_catalogue_pages(http::Router& router, const Services& s);   // catalogue_web.cc
void register_session_pages(http::Router& router, const Services& s);     // sessions_web.cc
void register_api(http::Router& router, const Services& s);               // api.cc
void register_evaluation_pages(http::Router& router, const Services& s);  // evaluation_web.cc
void register_bilan_pages(http::Router& router, const Services& s);       // bilan_web.cc

// The sessions a counselor facilitates in [from, to), for the meetings agenda (agenda.cc).
std::vector<meetings::AgendaEvent> agenda_events(WorkshopService& workshops,
                                                 const access::Session& s,
                                                 const std::string& counselor_id, Millis from,
                                                 Millis to);

}  // namespace jalon::workshops
