// The counselor agenda (day and week views; coordinators and structure admins pick a counselor
// of their structure) and the secret ICS feeds: created and revoked from the agenda page, read
// by calendar apps without a session.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "meetings/ics.h"
#include "meetings/view.h"
#include "meetings/web.h"
#include "ui/page.h"

namespace jalon::meetings {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string agenda_href(const std::string& view, const dates::Date& d,
                        const std::string& counselor) {
  return "/agenda?vue=" + view + "&date=" + dates::iso(d) + "&conseiller=" + counselor;
}

}  // namespace

void register_agenda(http::Router& router, const Services& svc) {
  // The agenda page; `new_feed` is the URL of a feed just created (shown once).
  auto agenda_page = [svc](Request& req, const std::string& new_feed, ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    std::string zone = svc.meetings.zone(s);
    bool week = req.query.get("vue") != "jour";
    auto parsed = dates::parse_iso_date(req.query.get("date"));
    dates::Date day = parsed.ok() ? *parsed : dates::local_date(req.received_at, zone);
    dates::Date today = dates::local_date(req.received_at, zone);

    // Whose agenda: counselors see their own; others pick a counselor of the structure.
    auto counselors = svc.meetings.counselors(s);
    std::string who = req.query.get("conseiller");
    bool picker = s.role != access::Role::kCounselor;
    auto listed = [&](const std::string& id) {
      for (const auto& c : counselors) {
        if (c.first == id) return true;
      }
      return false;
    };
    if (!picker) {
      if (!who.empty() && who != s.user_id) return Response::not_found();
      who = s.user_id;
    } else if (who.empty()) {
      who = listed(s.user_id) ? s.user_id : counselors.empty() ? "" : counselors.front().first;
    } else if (!listed(who)) {
      return Response::not_found();
    }
    std::string who_name;
    for (const auto& c : counselors) {
      if (c.first == who) who_name = c.second;
    }

    dates::Date first = week ? dates::Date{day.days - dates::weekday(day)} : day;
    int ndays = week ? 7 : 1;
    dates::Date end{first.days + ndays};
    std::vector<Appointment> found;
    if (!who.empty()) {
      found =
          svc.meetings.agenda(s, who, dates::day_start(first, zone), dates::day_start(end, zone));
    }
    json days = json::array();
    for (int i = 0; i < ndays; ++i) {
      dates::Date d{first.days + i};
      json items = json::array();
      for (const auto& a : found) {
        if (dates::local_date(a.starts_at, zone) == d) {
          items.push_back(view::appointment_json(a, zone));
        }
      }
      // "lundi 23 novembre 2026" -> "lundi" and "23 novembre" for the narrow week columns.
      std::string label = dates::french_long(d);
      std::string no_year = label.substr(0, label.rfind(' '));
      days.push_back({{"iso", dates::iso(d)},
                      {"label", label},
                      {"weekday", no_year.substr(0, no_year.find(' '))},
                      {"day_month", no_year.substr(no_year.find(' ') + 1)},
                      {"day_href", agenda_href("jour", d, who)},
                      {"today", d == today},
                      {"items", items},
                      {"empty", items.empty()}});
    }
    std::string view = week ? "semaine" : "jour";
    int step = week ? 7 : 1;
    json pickers = json::array();
    for (const auto& [id, name] : counselors) {
      pickers.push_back({{"code", id}, {"label", name}, {"selected", id == who}});
    }
    bool own = who == s.user_id;
    std::string title = own ? "Mon agenda" : "Agenda de " + who_name;
    std::string period = week ? "Semaine du " + dates::french_long(first) + " au " +
                                    dates::french_long(dates::Date{first.days + 6})
                              : dates::french_long(day);
    json ctx = {{"title", title},
                {"nav", "agenda"},
                {"heading", title},
                {"period", period},
                {"week", week},
                {"days", days},
                {"count", found.size()},
                {"date_iso", dates::iso(day)},
                {"counselor_id", who},
                {"view", view},
                {"picker", picker},
                {"counselors", pickers},
                {"no_counselor", who.empty()},
                {"prev_href", agenda_href(view, dates::Date{day.days - step}, who)},
                {"next_href", agenda_href(view, dates::Date{day.days + step}, who)},
                {"today_href", agenda_href(view, today, who)},
                {"week_href", agenda_href("semaine", day, who)},
                {"day_href", agenda_href("jour", day, who)},
                {"prev_label", week ? "Semaine précédente" : "Jour précédent"},
                {"next_label", week ? "Semaine suivante" : "Jour suivant"},
                {"own", own}};
    // Feeds are personal: only on one's own agenda, for those who hold appointments.
    if (own && !who.empty()) {
      json feeds = json::array();
      for (const auto& f : svc.meetings.feeds(s)) {
        feeds.push_back({{"id", f.id},
                         {"label", f.label},
                         {"created", dates::french_datetime(f.created_at, zone)},
                         {"used", f.last_used_at ? dates::french_datetime(f.last_used_at, zone)
                                                 : std::string("jamais")}});
      }
      ctx["feeds_section"] = true;
      ctx["feeds"] = feeds;
      ctx["has_feeds"] = !feeds.empty();
      ctx["max_feeds"] = MeetingService::kMaxFeeds;
    }
    if (!new_feed.empty()) ctx["new_feed"] = new_feed;
    if (form) form->fill(ctx);
    if (req.query.has("revoque")) ctx["notice"] = "Le lien d'abonnement a été révoqué.";
    return svc.page(req, "meetings/agenda", ctx, status);
  };

  router.get("/agenda", kPathwayRead,
             [agenda_page](Request& req) { return agenda_page(req, "", nullptr, 200); });

  // Creating a feed answers the page directly (no redirect), so the secret URL is shown once
  // and never travels in a Location header or a browser history entry.
  router.post("/agenda/flux", kPathwayWrite, [svc, agenda_page](Request& req) {
    ui::Form form(req);
    auto f = svc.meetings.create_feed(access::session_of(req), form.text("label"));
    req.query = http::Fields();
    if (!f.ok()) {
      form.fail(f.error());
      return agenda_page(req, "", &form, 422);
    }
    Response r = agenda_page(req, svc.base_url + "/agenda/flux/" + f->token, nullptr, 200);
    r.set_header("Cache-Control", "no-store");
    return r;
  });

  router.post("/agenda/flux/{id}/revoquer", kPathwayWrite, [svc](Request& req) {
    auto st = svc.meetings.revoke_feed(access::session_of(req), req.param("id"));
    if (!st.ok()) return Response::not_found();
    return Response::redirect("/agenda?revoque=1");
  });

  router.get("/agenda/flux/{token}", http::Permission::public_access("ICS feed, secret token"),
             [svc](Request& req) {
               auto found = svc.meetings.feed_appointments(req.param("token"));
               if (!found) return Response::not_found();
               std::vector<ics::Event> events;
               for (const auto& a : *found) {
                 events.push_back(svc.meetings.event_of(a, svc.base_url, false));
               }
               Response r;
               r.body = ics::calendar(events, "Jalon – mes rendez-vous");
               r.set_header("Content-Type", "text/calendar; charset=utf-8");
               r.set_header("Cache-Control", "private, no-store");
               r.set_header("X-Robots-Tag", "noindex");
               return r;
             });
}

}  // namespace jalon::meetings
