// The record's "Historique" tab (every pathway event, filterable by kind) and the counselor's
// dashboard on the home page.
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

json lines_json(const std::vector<DashboardLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    out.push_back({{"person", l.person},
                   {"record", "/beneficiaires/" + l.beneficiary_id},
                   {"what", l.what},
                   {"when", l.when},
                   {"href", l.href}});
  }
  return out;
}

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
}

void add_dashboard(const Services& svc, const Request& req, json& ctx) {
  const auto* s = std::any_cast<access::Session>(&req.auth);
  if (!s || !s->mfa_ok() || s->must_change_password ||
      !access::role_has(s->role, access::kPathwayRead.name())) {
    return;
  }
  std::string zone = svc.meetings.zone(*s);
  dates::Date today = svc.pathways.today(*s);
  json appointments = json::array();
  for (const auto& a : svc.meetings.agenda(*s, s->user_id, dates::day_start(today, zone),
                                           dates::day_start(dates::Date{today.days + 1}, zone))) {
    appointments.push_back(meetings::view::appointment_json(a, zone));
  }
  Dashboard d = svc.pathways.dashboard(*s);
  json dash = {{"today", dates::french_long(today)},
               {"appointments", appointments},
               {"has_appointments", !appointments.empty()},
               {"overdue_actions", lines_json(d.overdue_actions)},
               {"has_overdue_actions", !d.overdue_actions.empty()},
               {"contracts", lines_json(d.contracts_to_renew)},
               {"has_contracts", !d.contracts_to_renew.empty()},
               {"drafts", lines_json(d.draft_reports)},
               {"has_drafts", !d.draft_reports.empty()},
               {"referrals", lines_json(d.referrals_due)},
               {"has_referrals", !d.referrals_due.empty()},
               {"proofs", lines_json(d.expiring_proofs)},
               {"has_proofs", !d.expiring_proofs.empty()},
               {"counts",
                {{"appointments", appointments.size()},
                 {"overdue_actions", d.overdue_actions.size()},
                 {"contracts", d.contracts_to_renew.size()},
                 {"drafts", d.draft_reports.size()},
                 {"referrals", d.referrals_due.size()},
                 {"proofs", d.expiring_proofs.size()}}}};
  ctx["dashboard"] = dash;
}

}  // namespace jalon::pathways
