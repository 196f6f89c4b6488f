// The record's "Rendez-vous" tab and the appointment pages: scheduling and moving, participation
// status, convocation (letter and e-mail), ICS download, and the start of the interview report.
#include "meetings/web.h"

#include <nlohmann/json.hpp>

#include <functional>

#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "meetings/ics.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "ui/page.h"

namespace jalon::meetings {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::string_view kTab = "/rendez-vous";

AppointmentInput read_input(ui::Form& form) {
  AppointmentInput in;
  in.date = form.text("date");
  in.time = form.text("time");
  in.duration_min = text::to_int(form.text("duration_min"), -1);
  in.kind = form.text("kind");
  in.partner_kind = form.text("partner_kind");
  in.partner_name = form.text("partner_name");
  in.mode = form.text("mode");
  in.place = form.text("place");
  in.counselor_id = form.text("counselor_id");
  in.confirm_overlap = form.checked("confirm_overlap");
  return in;
}

using Opened = ui::OnRecord<Appointment>;

// The appointment of the route's {id} and its person's record header.
std::optional<Opened> open(const Services& s, const Request& req) {
  return ui::on_record(s.records, req, s.meetings.get(access::session_of(req), req.param("id")),
                       "identity");
}

// ---- the record's tab ---------------------------------------------------------------------

Response appointments_tab(const Services& s, Request& req) {
  return ui::record_page(s.records, req, kTab, "Rendez-vous", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           const auto& se = access::session_of(req);
                           std::string zone = s.meetings.zone(se);
                           json list = json::array();
                           for (const auto& a : s.meetings.of_beneficiary(se, h.id)) {
                             list.push_back(view::appointment_json(a, zone));
                           }
                           ctx["appointments"] = list;
                           ctx["none"] = list.empty();
                           return s.page(req, "meetings/appointments", ctx);
                         });
}

// ---- scheduling and moving ----------------------------------------------------------------

// The form of a new or existing appointment; `a` is set when moving one.
Response form_page(const Services& s, const Request& req, const ui::RecordHeader& h,
                   const Appointment* a, const AppointmentInput& in, ui::Form* form, int status) {
  const auto& se = access::session_of(req);
  std::string heading = a ? "Modifier le rendez-vous" : "Planifier un rendez-vous";
  json ctx = ui::record_context(h, kTab, heading);
  ctx["heading"] = heading;
  ctx["action"] =
      a ? "/rendez-vous/" + a->id + "/modifier" : "/beneficiaires/" + h.id + "/rendez-vous/nouveau";
  ctx["submit"] = a ? "Enregistrer les modifications" : "Planifier le rendez-vous";
  ctx["kinds"] = ui::options(appointment_kinds(), in.kind);
  ctx["partner_kinds"] = ui::options(partner_kinds(), in.partner_kind, true);
  ctx["modes"] = ui::options(appointment_modes(), in.mode);
  json counselors = json::array();
  std::string chosen = in.counselor_id.empty() ? se.user_id : in.counselor_id;
  for (const auto& [id, name] : s.meetings.counselors(se)) {
    counselors.push_back({{"code", id}, {"label", name}, {"selected", id == chosen}});
  }
  ctx["counselors"] = counselors;
  ctx["zone"] = s.meetings.zone(se);
  ctx["values"] = {
      {"date", in.date},
      {"time", in.time},
      {"duration_min", in.duration_min > 0 ? std::to_string(in.duration_min) : std::string()},
      {"partner_name", in.partner_name},
      {"place", in.place}};
  if (form) form->fill(ctx);
  // The overlap warning offers to confirm; a confirmation stays ticked while other fields fail.
  ctx["overlap_asked"] = in.confirm_overlap || (form && status == 409);
  ctx["overlap_confirmed"] = in.confirm_overlap;
  return s.page(req, "meetings/appointment_form", ctx, status);
}

Response new_form(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, kTab, "", "identity", [&](const ui::RecordHeader& h, json&) {
        AppointmentInput in;
        in.date = dates::iso(
            dates::local_date(req.received_at, s.meetings.zone(access::session_of(req))));
        in.time = "09:00";
        in.duration_min = 45;
        in.kind = "suivi";
        in.mode = "sur_place";
        return form_page(s, req, h, nullptr, in, nullptr, 200);
      });
}

// MeetingService::schedule checks the person is in the caller's scope (not found otherwise).
Response schedule(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, kTab, "", "identity", [&](const ui::RecordHeader& h, json&) {
        ui::Form form(req);
        AppointmentInput in = read_input(form);
        auto r = s.meetings.schedule(access::session_of(req), h.id, in);
        if (!r.ok()) {
          if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
          form.fail(r.error());
          return form_page(s, req, h, nullptr, in, &form, http::status_of(r.error().kind));
        }
        return Response::redirect("/rendez-vous/" + *r + "?planifie=1");
      });
}

Response move_form(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  if (auto st = check_reschedule(o->object.state()); !st.ok()) {
    return Response::error(409, st.error().message);
  }
  std::string zone = s.meetings.zone(access::session_of(req));
  return form_page(s, req, o->h, &o->object, view::input_of(o->object, zone), nullptr, 200);
}

Response move(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  ui::Form form(req);
  AppointmentInput in = read_input(form);
  auto st = s.meetings.reschedule(access::session_of(req), o->object.id, in);
  if (!st.ok()) {
    bool overlap = st.error().field == "confirm_overlap";
    if (st.error().kind == ErrorKind::kConflict && !overlap) {
      return Response::error(409, st.error().message);
    }
    form.fail(st.error());
    return form_page(s, req, o->h, &o->object, in, &form, http::status_of(st.error().kind));
  }
  return Response::redirect("/rendez-vous/" + o->object.id + "?modifie=1");
}

// ---- the appointment page with its participation status -----------------------------------

Response detail_page(const Services& s, const Request& req, const Opened& o, ui::Form* form,
                     int status) {
  const auto& se = access::session_of(req);
  const Appointment& a = o.object;
  json aj = view::appointment_json(a, s.meetings.zone(se));
  json ctx = ui::record_context(o.h, kTab, "Rendez-vous du " + aj["date"].get<std::string>());
  ctx["a"] = aj;
  json statuses = json::array();
  std::string current = form ? req.form.get("status") : a.status;
  for (const auto& e : participation_statuses()) {
    statuses.push_back({{"code", e.code},
                        {"label", e.label},
                        {"checked", e.code == current},
                        {"id", "status-" + std::string(e.code)}});
  }
  ctx["statuses"] = statuses;
  ctx["can_move"] = check_reschedule(a.state()).ok();
  ctx["can_report"] = check_report_start(a.state()).ok();
  // A counselor opens only their own agenda: another counselor's appointment (a person they
  // co-follow) links to the same week of theirs.
  bool theirs = se.role != access::Role::kCounselor || a.counselor_id == se.user_id;
  ctx["agenda_href"] = "/agenda?vue=semaine&date=" + aj["date_iso"].get<std::string>() +
                       (theirs ? "&conseiller=" + a.counselor_id : std::string());
  if (form) form->fill(ctx);
  if (req.query.has("planifie")) ctx["notice"] = "Le rendez-vous a été planifié.";
  if (req.query.has("modifie")) ctx["notice"] = "Le rendez-vous a été modifié.";
  if (req.query.has("statut")) ctx["notice"] = "La participation a été enregistrée.";
  return s.page(req, "meetings/appointment", ctx, status);
}

Response detail(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  return detail_page(s, req, *o, nullptr, 200);
}

// A change made from an appointment page: `act` on the opened appointment; its error is shown on
// the form of the page `page` draws (answered with the error's status), success goes to the
// appointment's URL + `done`.
using PageFn = Response (*)(const Services&, const Request&, const Opened&, ui::Form*, int);
using Act = std::function<Status(const access::Session&, const std::string& id, ui::Form&)>;

Response act_on(const Services& s, Request& req, PageFn page, std::string_view done,
                const Act& act) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  ui::Form form(req);
  if (auto st = act(access::session_of(req), o->object.id, form); !st.ok()) {
    form.fail(st.error());
    return page(s, req, *o, &form, http::status_of(st.error().kind));
  }
  return Response::redirect("/rendez-vous/" + o->object.id + std::string(done));
}

Response set_status(const Services& s, Request& req) {
  return act_on(s, req, detail_page, "?statut=1",
                [&](const access::Session& se, const std::string& id, ui::Form& form) {
                  Status st = s.meetings.set_participation(se, id, form.text("status"));
                  if (st.ok() || !st.error().field.empty()) return st;
                  Error e = st.error();
                  e.field = "status";
                  return Status(e);
                });
}

// ---- convocation --------------------------------------------------------------------------

Response convocation_page(const Services& s, const Request& req, const Opened& o, ui::Form* form,
                          int status) {
  const auto& se = access::session_of(req);
  const Appointment& a = o.object;
  auto c = s.meetings.convocation(se, a);
  if (!c) return Response::not_found();
  json ctx = ui::record_context(o.h, kTab, "Convocation");
  ctx["a"] = view::appointment_json(a, s.meetings.zone(se));
  ctx["letter"] = {{"recipient", c->recipient},
                   {"dated", c->dated},
                   {"subject", c->subject},
                   {"salutation", c->salutation},
                   {"paragraphs", c->paragraphs},
                   {"closing", c->letter_closing},
                   {"signature_name", c->signature_name},
                   {"signature_structure", c->signature_structure}};
  ctx["email"] = {{"to", a.email}, {"subject", c->subject}, {"body", c->email_body()}};
  ctx["has_email"] = !a.email.empty();
  ctx["can_send"] = !a.email.empty() && !is_cancelled(a.status) && a.starts_at > req.received_at;
  if (form) form->fill(ctx);
  if (req.query.has("envoyee")) {
    ctx["notice"] = "La convocation a été placée dans la file d'envoi des e-mails.";
  }
  return s.page(req, "meetings/convocation", ctx, status);
}

Response convocation(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  return convocation_page(s, req, *o, nullptr, 200);
}

Response send_convocation(const Services& s, Request& req) {
  return act_on(s, req, convocation_page, "/convocation?envoyee=1",
                [&](const access::Session& se, const std::string& id, ui::Form&) -> Status {
                  auto r = s.meetings.send_convocation(se, id);
                  if (!r.ok()) return r.error();
                  return ok_status();
                });
}

// ---- one appointment as an iCalendar file -------------------------------------------------

Response ics_file(const Services& s, Request& req) {
  auto a = s.meetings.get(access::session_of(req), req.param("id"));
  if (!a) return Response::not_found();
  Response r;
  r.body = ics::calendar({s.meetings.event_of(*a, s.base_url, true)});
  r.set_header("Content-Type", "text/calendar; charset=utf-8");
  r.set_header("Content-Disposition",
               "attachment; filename=\"rendez-vous-" + a->reference + ".ics\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- the interview report of an attended appointment --------------------------------------

Response start_report(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  auto r = s.reports.start(access::session_of(req), o->object.id);
  if (!r.ok()) {
    ui::Form form(req);
    form.fail(r.error());
    return detail_page(s, req, *o, &form, 409);
  }
  return Response::redirect("/comptes-rendus/" + *r + "/modifier");
}

}  // namespace

void register_routes(http::Router& router, const Services& s) {
  register_appointment_pages(router, s);
  register_agenda(router, s);
  register_report_pages(router, s);
  register_report_desk(router, s);
  register_api(router, s);
}

void register_appointment_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  using http::on;
  router.add_all({
      {kGet, "/beneficiaires/{id}/rendez-vous", kPathwayRead, on(s, appointments_tab)},
      {kGet, "/beneficiaires/{id}/rendez-vous/nouveau", kPathwayWrite, on(s, new_form)},
      {kPost, "/beneficiaires/{id}/rendez-vous/nouveau", kPathwayWrite, on(s, schedule)},
      {kGet, "/rendez-vous/{id}/modifier", kPathwayWrite, on(s, move_form)},
      {kPost, "/rendez-vous/{id}/modifier", kPathwayWrite, on(s, move)},
      {kGet, "/rendez-vous/{id}", kPathwayRead, on(s, detail)},
      {kPost, "/rendez-vous/{id}/statut", kPathwayWrite, on(s, set_status)},
      {kGet, "/rendez-vous/{id}/convocation", kPathwayRead, on(s, convocation)},
      {kPost, "/rendez-vous/{id}/convocation", kPathwayWrite, on(s, send_convocation)},
      {kGet, "/rendez-vous/{id}/ics", kPathwayRead, on(s, ics_file)},
      {kPost, "/rendez-vous/{id}/compte-rendu", kPathwayWrite, on(s, start_report)},
  });
}

}  // namespace jalon::meetings
