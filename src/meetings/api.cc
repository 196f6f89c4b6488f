// The JSON API of appointments, the agenda and interview reports (/api/v1/…): the same
// operations and permissions as the pages, described in web/static/openapi.json. Instants are
// UTC (RFC 3339); local dates and times are in the structure's zone, which each answer names.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "meetings/web.h"

namespace jalon::meetings {
namespace {

using http::json_object_body;
using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

json appointment_json(const Appointment& a, const std::string& zone) {
  json report = nullptr;
  if (!a.report_id.empty()) report = {{"id", a.report_id}, {"status", a.report_status}};
  return {{"id", a.id},
          {"reference", a.reference},
          {"beneficiary_id", a.beneficiary_id},
          {"counselor_id", a.counselor_id},
          {"counselor_name", a.counselor_name},
          {"starts_at", dates::rfc3339_utc(a.starts_at)},
          {"ends_at", dates::rfc3339_utc(a.ends_at())},
          {"zone", zone},
          {"date", dates::iso(dates::local_date(a.starts_at, zone))},
          {"time", dates::local_hhmm(a.starts_at, zone)},
          {"duration_min", a.duration_min},
          {"kind", a.kind},
          {"partner_kind", a.partner_kind},
          {"partner_name", a.partner_name},
          {"mode", a.mode},
          {"place", a.place},
          {"status", a.status},
          {"convocation_sent_at",
           a.convocation_sent_at ? json(dates::rfc3339_utc(a.convocation_sent_at)) : json(nullptr)},
          {"report", report}};
}

json report_json(const Report& r) {
  json sections = json::object();
  for (const auto& [code, body] : r.sections) sections[code] = body;
  json items = json::array();
  for (const auto& it : r.items) items.push_back({{"kind", it.kind}, {"id", it.id}});
  json addenda = json::array();
  for (const auto& a : r.addenda) {
    addenda.push_back({{"id", a.id},
                       {"body", a.body},
                       {"author", a.author_name},
                       {"created_at", dates::rfc3339_utc(a.created_at)}});
  }
  return {
      {"id", r.id},
      {"appointment_id", r.appointment_id},
      {"beneficiary_id", r.beneficiary_id},
      {"kind", r.kind},
      {"status", r.status},
      {"version", r.version},
      {"author", r.author_name},
      {"created_at", dates::rfc3339_utc(r.created_at)},
      {"updated_at", dates::rfc3339_utc(r.updated_at)},
      {"finalised_at", r.finalised_at ? json(dates::rfc3339_utc(r.finalised_at)) : json(nullptr)},
      {"sections", sections},
      {"addenda", addenda},
      {"diagnoses_recorded_on", r.diagnoses},
      {"items", items}};
}

// Fields of an appointment body; absent ones keep `base` (a PATCH), or stay empty (a POST).
// A member of the wrong type is an error naming it.
Result<AppointmentInput> input_from(const json& j, AppointmentInput base) {
  using M = std::string AppointmentInput::*;
  static const std::pair<const char*, M> kText[] = {
      {"kind", &AppointmentInput::kind},
      {"partner_kind", &AppointmentInput::partner_kind},
      {"partner_name", &AppointmentInput::partner_name},
      {"mode", &AppointmentInput::mode},
      {"place", &AppointmentInput::place},
      {"counselor_id", &AppointmentInput::counselor_id}};
  http::JsonFields f(j);  // members read in the API's order: the first wrong one is named
  f.take("date", base.date);
  f.take("time", base.time);
  base.duration_min = static_cast<int>(f.integer("duration_min", base.duration_min));
  base.confirm_overlap = f.boolean("confirm_overlap");
  for (const auto& [key, member] : kText) f.take(key, base.*member);
  if (f.error()) return *f.error();
  return base;
}

// One string member of a body, or the error naming it.
Result<std::string> string_of(const json& j, const char* key) {
  http::JsonFields f(j);
  std::string v = f.string(key);
  if (f.error()) return *f.error();
  return v;
}

// The person of the route's {id} in the caller's scope (an audited read, as the pages do).
bool person_visible(const Services& s, const Request& req) {
  return s.records.open(req, req.param("id"), "identity").has_value();
}

// ---- appointments -------------------------------------------------------------------------

Result<json> list_appointments(const Services& s, const Request& req) {
  const auto& se = access::session_of(req);
  if (!person_visible(s, req)) return Error::not_found();
  std::string zone = s.meetings.zone(se);
  json items = json::array();
  for (const auto& a : s.meetings.of_beneficiary(se, req.param("id"))) {
    items.push_back(appointment_json(a, zone));
  }
  return items;
}

// A write of an appointment: `base` holds the current fields (a PATCH) or none (a POST), and
// `exclude` the appointment being moved. An overlapping slot not confirmed is a 409 whose
// "conflicts" list the other appointments (reference, start, end, same counselor or person),
// so a client shows them and sends the body again with "confirm_overlap": true.
Response write_appointment(const Services& s, Request& req, const std::string& person,
                           const AppointmentInput& base, const std::string& exclude) {
  const auto& se = access::session_of(req);
  json j;
  if (!json_object_body(req, j)) return http::bad_body(req);
  auto in = input_from(j, base);
  if (!in) return problem(in.error(), req);
  std::string id = exclude;
  Status st = ok_status();
  if (exclude.empty()) {
    auto r = s.meetings.schedule(se, person, *in);
    if (r.ok())
      id = *r;
    else
      st = r.error();
  } else {
    st = s.meetings.reschedule(se, exclude, *in);
  }
  std::string zone = s.meetings.zone(se);
  if (!st.ok() && st.error().field == "confirm_overlap") {
    json doc =
        http::problem_document(409, st.error().message, "confirm_overlap", req.correlation_id);
    json conflicts = json::array();
    for (const auto& o : s.meetings.overlaps(se, person, *in, exclude)) {
      conflicts.push_back(
          {{"reference", o.reference},
           {"starts_at", dates::rfc3339_utc(o.starts_at)},
           {"ends_at", dates::rfc3339_utc(o.starts_at + Millis{o.duration_min} * 60'000)},
           {"same_counselor", o.same_counselor},
           {"same_person", o.same_person}});
    }
    doc["conflicts"] = conflicts;
    return http::problem_response(doc);
  }
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(appointment_json(*s.meetings.get(se, id), zone).dump(),
                        exclude.empty() ? 201 : 200);
}

// The person is checked before the body, so an invisible person is a 404 whatever is sent.
Response create_appointment(const Services& s, Request& req) {
  if (!person_visible(s, req)) return Response::not_found();
  return write_appointment(s, req, req.param("id"), {}, {});
}

Response get_appointment(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto a = s.meetings.get(se, req.param("id"));
  if (!a) return Response::not_found();
  return Response::json(appointment_json(*a, s.meetings.zone(se)).dump());
}

Response patch_appointment(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto a = s.meetings.get(se, req.param("id"));
  if (!a) return Response::not_found();
  return write_appointment(s, req, a->beneficiary_id, view::input_of(*a, s.meetings.zone(se)),
                           a->id);
}

Response set_status(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.meetings.get(se, req.param("id"))) return Response::not_found();
  json j;
  if (!json_object_body(req, j)) return http::bad_body(req);
  auto status = string_of(j, "status");
  if (!status) return problem(status.error(), req);
  auto st = s.meetings.set_participation(se, req.param("id"), *status);
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(
      appointment_json(*s.meetings.get(se, req.param("id")), s.meetings.zone(se)).dump());
}

Response send_convocation(const Services& s, Request& req) {
  auto r = s.meetings.send_convocation(access::session_of(req), req.param("id"));
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(json{{"outbox_id", *r}}.dump(), 201);
}

Response agenda(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  std::string zone = s.meetings.zone(se);
  auto from = dates::parse_iso_date(req.query.get("from"), "from");
  if (!from.ok()) return problem(from.error(), req);
  auto to = dates::parse_iso_date(req.query.get("to"), "to");
  if (!to.ok()) return problem(to.error(), req);
  if (to->days < from->days || to->days - from->days > 62) {
    return problem(Error::invalid("La période va de from à to inclus, 63 jours au plus.", "to"),
                   req);
  }
  std::string who =
      req.query.get("counselor_id").empty() ? se.user_id : req.query.get("counselor_id");
  if (se.role == access::Role::kCounselor && who != se.user_id) return Response::not_found();
  json items = json::array();
  for (const auto& a : s.meetings.agenda(se, who, dates::day_start(*from, zone),
                                         dates::day_start(dates::Date{to->days + 1}, zone))) {
    items.push_back(appointment_json(a, zone));
  }
  return Response::json(json{{"counselor_id", who}, {"zone", zone}, {"items", items}}.dump());
}

// ---- interview reports --------------------------------------------------------------------

Response start_report(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto a = s.meetings.get(se, req.param("id"));
  if (!a) return Response::not_found();
  auto r = s.reports.start(se, a->id);
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(report_json(*s.reports.get(se, *r)).dump(),
                        a->report_id.empty() ? 201 : 200);
}

Response list_reports(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!person_visible(s, req)) return Response::not_found();
  json items = json::array();
  for (const auto& r : s.reports.of_beneficiary(se, req.param("id"))) {
    items.push_back({{"id", r.id},
                     {"appointment_id", r.appointment_id},
                     {"kind", r.kind},
                     {"status", r.status},
                     {"appointment_starts_at", dates::rfc3339_utc(r.appointment_at)},
                     {"author", r.author_name},
                     {"addenda", r.addenda.size()}});
  }
  return http::items_response(items);
}

Response get_report(const Services& s, Request& req) {
  auto r = s.reports.get(access::session_of(req), req.param("id"));
  if (!r) return Response::not_found();
  return Response::json(report_json(*r).dump());
}

Response save_report(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.reports.get(se, req.param("id"))) return Response::not_found();
  json j;
  if (!json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  ReportInput in;
  in.version = static_cast<int>(f.integer("version", in.version));
  in.sections = f.string_map("sections");
  for (auto& c : f.objects("barrier_changes")) {
    in.barrier_changes.push_back({c.string("item"), static_cast<int>(c.integer("severity", -1))});
  }
  in.finalise = f.boolean("finalise");
  if (f.has("items")) {
    in.items.emplace();
    for (auto& it : f.objects("items")) in.items->push_back({it.string("kind"), it.string("id")});
  }
  if (f.error()) return problem(*f.error(), req);
  auto st = s.reports.save(se, req.param("id"), in);
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(report_json(*s.reports.get(se, req.param("id"))).dump());
}

// PUT {"items": [{kind, id}]}: the objectives and actions the report discusses (draft or final).
Response set_report_items(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.reports.get(se, req.param("id"))) return Response::not_found();
  json j;
  if (!json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  std::vector<LinkedItem> items;
  for (auto& it : f.objects("items")) items.push_back({it.string("kind"), it.string("id")});
  if (f.error()) return problem(*f.error(), req);
  if (auto st = s.reports.set_items(se, req.param("id"), items); !st.ok()) {
    return problem(st.error(), req);
  }
  return Response::json(report_json(*s.reports.get(se, req.param("id"))).dump());
}

// The copy of a finalised report given to the person: without its internal notes (409 for a
// draft).
Response report_copy(const Services& s, Request& req) {
  auto r = s.reports.copy_for_person(access::session_of(req), req.param("id"));
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(report_json(*r).dump());
}

Response finalise_report(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto st = s.reports.finalise(se, req.param("id"));
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(report_json(*s.reports.get(se, req.param("id"))).dump());
}

Response add_addendum(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.reports.get(se, req.param("id"))) return Response::not_found();
  json j;
  if (!json_object_body(req, j)) return http::bad_body(req);
  auto body = string_of(j, "body");
  if (!body) return problem(body.error(), req);
  auto r = s.reports.add_addendum(se, req.param("id"), *body);
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(json{{"id", *r}}.dump(), 201);
}

}  // namespace

// Appointments are listed as a JsonResource; the other routes act on one object.
void register_api(http::Router& router, const Services& s) {
  using enum http::Method;
  using http::on;
  // Writes answer an overlap with its conflicts (a problem extension), outside JsonResource.
  http::add_resource(router, {"/api/v1/beneficiaries/{id}/appointments", "", kPathwayRead,
                              kPathwayWrite, http::with(s, list_appointments), nullptr, nullptr});
  router.add_all({
      {kPost, "/api/v1/beneficiaries/{id}/appointments", kPathwayWrite, on(s, create_appointment)},
      {kPatch, "/api/v1/appointments/{id}", kPathwayWrite, on(s, patch_appointment)},
      {kGet, "/api/v1/appointments/{id}", kPathwayRead, on(s, get_appointment)},
      {kPost, "/api/v1/appointments/{id}/status", kPathwayWrite, on(s, set_status)},
      {kPost, "/api/v1/appointments/{id}/convocation", kPathwayWrite, on(s, send_convocation)},
      {kGet, "/api/v1/agenda", kPathwayRead, on(s, agenda)},
      {kPost, "/api/v1/appointments/{id}/report", kPathwayWrite, on(s, start_report)},
      {kGet, "/api/v1/beneficiaries/{id}/reports", kPathwayRead, on(s, list_reports)},
      {kGet, "/api/v1/reports/{id}", kPathwayRead, on(s, get_report)},
      {kPut, "/api/v1/reports/{id}", kPathwayWrite, on(s, save_report)},
      {kPost, "/api/v1/reports/{id}/finalise", kPathwayWrite, on(s, finalise_report)},
      {kGet, "/api/v1/reports/{id}/copy", kPathwayRead, on(s, report_copy)},
      {kPut, "/api/v1/reports/{id}/items", kPathwayWrite, on(s, set_report_items)},
      {kPost, "/api/v1/reports/{id}/addenda", kPathwayWrite, on(s, add_addendum)},
  });
}

}  // namespace jalon::meetings
