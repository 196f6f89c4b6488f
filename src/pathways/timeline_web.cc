// The record's "Historique" tab (every pathway event, filterable by kind); the dashboard is in
// dashboard_web.cc.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/roles.h"
#include "core/dates.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "pathways/referentials.h"
#include "pathways/web.h"
#include "ui/record.h"
#include "ui/wording.h"

namespace jalon::pathways {
namespace {

// The kinds of events as the filter's options, "all" first.
json kind_options(const std::string& kind) {
  json kinds = json::array();
  kinds.push_back({{"code", ""}, {"label", "Tous les événements"}, {"selected", kind.empty()}});
  for (const auto& k : timeline_kinds()) {
    kinds.push_back({{"code", k.code}, {"label", k.label}, {"selected", k.code == kind}});
  }
  return kinds;
}

Response timeline_tab(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/historique", "Historique du parcours", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           const auto& s = access::session_of(req);
                           std::string kind = req.query.get("type");
                           if (!kind.empty() && !has_code(timeline_kinds(), kind)) kind.clear();
                           std::string zone = svc.meetings.zone(s);
                           json events = json::array();
                           for (const auto& e : svc.pathways.timeline(s, h.id, kind)) {
                             dates::Date day = dates::local_date(e.at, zone);
                             events.push_back({{"kind", label_of(timeline_kinds(), e.kind)},
                                               {"kind_code", e.kind},
                                               {"date", dates::french(day)},
                                               {"date_iso", dates::iso(day)},
                                               {"summary", e.summary},
                                               {"href", e.href}});
                           }
                           ctx["events"] = events;
                           ctx["none"] = events.empty();
                           ctx["kinds"] = kind_options(kind);
                           ctx["filtered"] = !kind.empty();
                           ctx["filter_label"] =
                               kind.empty() ? "" : std::string(label_of(timeline_kinds(), kind));
                           ctx["count"] = ui::count_of(static_cast<long long>(events.size()),
                                                       "événement", "événements");
                           return svc.page(req, "pathways/timeline", ctx);
                         });
}

}  // namespace

void register_timeline(http::Router& router, const Services& s) {
  router.add_all({{http::Method::kGet, "/beneficiaires/{id}/historique", access::kPathwayRead,
                   http::on(s, timeline_tab)}});
  register_dashboard(router, s);
}

}  // namespace jalon::pathways
