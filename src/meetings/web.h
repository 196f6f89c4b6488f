// Pages and JSON API of the meetings domain: the appointments and interview reports tabs of the
// record, appointment pages (status, convocation, ICS download), the counselor agenda with its
// secret feeds, report pages (draft, finalisation, addenda).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "access/capabilities.h"
#include "beneficiaries/service.h"
#include "http/router.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "ui/page.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::meetings {

using access::kPathwayRead;  // access/capabilities.h
using access::kPathwayWrite;

// An objective or action of the person's pathway a report may be tied to (the pathway domain
// lists them: meetings does not depend on it).
struct ItemChoice {
  std::string kind, id, label;  // kind: objective, action
  std::string objective;        // an action's objective label
};
using PathwayItems =
    std::function<std::vector<ItemChoice>(const access::Session&, const std::string& person_id)>;

// A collective workshop session the agenda shows beside the appointments (the workshops
// domain lists them: meetings does not depend on it).
struct AgendaEvent {
  Millis starts_at = 0, ends_at = 0;
  std::string title, href;
  std::string place;       // for the ICS feed
  bool cancelled = false;  // STATUS:CANCELLED in the feed
  Millis updated_at = 0;
};
using AgendaEvents = std::function<std::vector<AgendaEvent>(
    const access::Session&, const std::string& counselor_id, Millis from, Millis to)>;

struct Services {
  MeetingService& meetings;
  ReportService& reports;
  beneficiaries::BeneficiaryService& beneficiaries;  // only the report form (its diagnosis part)
  const ui::Renderer& renderer;
  std::string base_url;        // absolute URL of Jalon, for links in calendars
  const ui::Records& records;  // opens the person of a record page (ui::record_page)
  PathwayItems pathway_items;  // the report form's objectives and actions (may be empty)
  AgendaEvents agenda_events;  // workshop sessions the counselor facilitates (may be empty)

  // ui::page_response with this renderer.
  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);

// Parts of register_routes, one file each.
void register_appointment_pages(http::Router& router, const Services& s);
void register_agenda(http::Router& router, const Services& s);
void register_report_pages(http::Router& router, const Services& s);
void register_report_desk(http::Router& router, const Services& s);  // report_desk_web.cc
void register_api(http::Router& router, const Services& s);

}  // namespace jalon::meetings
