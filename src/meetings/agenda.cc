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

// Whose agenda the page shows: counselors see their own; others pick a counselor of the
// structure (the caller when they hold appointments, else the first). nullopt: not found.
std::optional<std::string> whose(
    const access::Session& se, const std::string& asked,
    const std::vector<std::pair<std::string, std::string>>& counselors) {
  auto listed = [&](const std::string& id) {
    for (const auto& c : counselors) {
      if (c.first == id) return true;
    }
    return false;
  };
  if (se.role == access::Role::kCounselor) {
    if (!asked.empty() && asked != se.user_id) return std::nullopt;
    return se.user_id;
  }
  if (asked.empty()) {
    return listed(se.user_id) ? se.user_id : counselors.empty() ? "" : counselors.front().first;
  }
  if (!listed(asked)) return std::nullopt;
  return asked;
}

// The days from `first`, each with its appointments.
json day_columns(dates::Date first, int ndays, dates::Date today,
                 const std::vector<Appointment>& found, const std::vector<AgendaEvent>& events,
                 const std::string& zone, const std::string& who) {
  json days = json::array();
  for (int i = 0; i < ndays; ++i) {
    dates::Date d{first.days + i};
    json items = json::array();
    for (const auto& a : found) {
      if (dates::local_date(a.starts_at, zone) == d) {
        items.push_back(view::appointment_json(a, zone));
      }
    }
    json sessions = json::array();
    for (const auto& e : events) {
      if (dates::local_date(e.starts_at, zone) != d) continue;
      sessions.push_back({{"time", dates::local_hhmm(e.starts_at, zone)},
                          {"end_time", dates::local_hhmm(e.ends_at, zone)},
                          {"title", e.title},
                          {"href", e.href}});
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
                    {"empty", items.empty()},
                    {"sessions", sessions},
                    {"has_sessions", !sessions.empty()}});
  }
  return days;
}

// The feeds part of the page (only on one's own agenda, for those who hold appointments).
void add_feeds(const Services& s, const access::Session& se, const std::string& zone, json& ctx) {
  json feeds = json::array();
  for (const auto& f : s.meetings.feeds(se)) {
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

// The agenda page; `new_feed` is the URL of a feed just created (shown once).
Response agenda_page(const Services& s, const Request& req, const std::string& new_feed,
                     ui::Form* form, int status) {
  const auto& se = access::session_of(req);
  std::string zone = s.meetings.zone(se);
  bool week = req.query.get("vue") != "jour";
  auto parsed = dates::parse_iso_date(req.query.get("date"));
  dates::Date today = dates::local_date(req.received_at, zone);
  dates::Date day = parsed.ok() ? *parsed : today;
  auto counselors = s.meetings.counselors(se);
  auto chosen = whose(se, req.query.get("conseiller"), counselors);
  if (!chosen) return Response::not_found();
  const std::string& who = *chosen;
  std::string who_name;
  json pickers = json::array();
  for (const auto& [id, name] : counselors) {
    if (id == who) who_name = name;
    pickers.push_back({{"code", id}, {"label", name}, {"selected", id == who}});
  }
  dates::Date first = week ? dates::Date{day.days - dates::weekday(day)} : day;
  int ndays = week ? 7 : 1;
  std::vector<Appointment> found;
  std::vector<AgendaEvent> events;
  if (!who.empty()) {
    Millis from = dates::day_start(first, zone);
    Millis to = dates::day_start(dates::Date{first.days + ndays}, zone);
    found = s.meetings.agenda(se, who, from, to);
    if (s.agenda_events) events = s.agenda_events(se, who, from, to);
  }
  std::string view = week ? "semaine" : "jour";
  int step = week ? 7 : 1;
  bool own = who == se.user_id;
  std::string title = own ? "Mon agenda" : "Agenda de " + who_name;
  std::string period = week ? "Semaine du " + dates::french_long(first) + " au " +
                                  dates::french_long(dates::Date{first.days + 6})
                            : dates::french_long(day);
  json ctx = {{"title", title},
              {"nav", "agenda"},
              {"heading", title},
              {"period", period},
              {"week", week},
              {"days", day_columns(first, ndays, today, found, events, zone, who)},
              {"count", found.size()},
              {"date_iso", dates::iso(day)},
              {"counselor_id", who},
              {"view", view},
              {"picker", se.role != access::Role::kCounselor},
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
  if (own && !who.empty()) add_feeds(s, se, zone, ctx);
  if (!new_feed.empty()) ctx["new_feed"] = new_feed;
  if (form) form->fill(ctx);
  if (req.query.has("revoque")) ctx["notice"] = "Le lien d'abonnement a été révoqué.";
  return s.page(req, "meetings/agenda", ctx, status);
}

Response agenda(const Services& s, Request& req) {
  return agenda_page(s, req, "", nullptr, 200);
}

// Creating a feed answers the page directly (no redirect), so the secret URL is shown once
// and never travels in a Location header or a browser history entry.
Response create_feed(const Services& s, Request& req) {
  ui::Form form(req);
  auto f = s.meetings.create_feed(access::session_of(req), form.text("label"));
  req.query = http::Fields();
  if (!f.ok()) {
    form.fail(f.error());
    return agenda_page(s, req, "", &form, 422);
  }
  Response r = agenda_page(s, req, s.base_url + "/agenda/flux/" + f->token, nullptr, 200);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response revoke_feed(const Services& s, Request& req) {
  auto st = s.meetings.revoke_feed(access::session_of(req), req.param("id"));
  if (!st.ok()) return Response::not_found();
  return Response::redirect("/agenda?revoque=1");
}

// Read by calendar apps without a session: the secret token is the permission.
Response feed(const Services& s, Request& req) {
  access::Session owner;
  auto found = s.meetings.feed_appointments(req.param("token"), &owner);
  if (!found) return Response::not_found();
  std::vector<ics::Event> events;
  for (const auto& a : *found) events.push_back(s.meetings.event_of(a, s.base_url, false));
  // The workshop sessions the owner facilitates, over the same window as the appointments.
  if (s.agenda_events) {
    constexpr Millis kDay = 86'400'000;
    for (const auto& w : s.agenda_events(owner, owner.user_id, req.received_at - 90 * kDay,
                                         req.received_at + 400 * kDay)) {
      ics::Event e;
      e.uid = "atelier" + w.href.substr(w.href.rfind('/') + 1) + "@jalon";
      e.start = w.starts_at;
      e.end = w.ends_at;
      e.stamp = req.received_at;
      e.last_modified = w.updated_at;
      e.sequence = static_cast<int>(w.updated_at / 1000 % 1'000'000'000);
      e.summary = "Atelier Jalon – " + w.title;
      e.location = w.place;
      e.url = s.base_url + w.href;
      e.cancelled = w.cancelled;
      events.push_back(std::move(e));
    }
  }
  Response r;
  r.body = ics::calendar(events, "Jalon – mes rendez-vous");
  r.set_header("Content-Type", "text/calendar; charset=utf-8");
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("X-Robots-Tag", "noindex");
  return r;
}

}  // namespace

void register_agenda(http::Router& router, const Services& s) {
  using enum http::Method;
  using http::on;
  auto secret = http::Permission::public_access("ICS feed, secret token");
  router.add_all({
      {kGet, "/agenda", kPathwayRead, on(s, agenda)},
      {kPost, "/agenda/flux", kPathwayWrite, on(s, create_feed)},
      {kPost, "/agenda/flux/{id}/revoquer", kPathwayWrite, on(s, revoke_feed)},
      {kGet, "/agenda/flux/{token}", secret, on(s, feed)},
  });
}

}  // namespace jalon::meetings
