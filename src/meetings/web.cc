// The record's "Rendez-vous" tab and the appointment pages: scheduling and moving, participation
// status, convocation (letter and e-mail), ICS download, and the start of the interview report.
#include "meetings/web.h"

#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/view.h"
#include "core/dates.h"
#include "core/text.h"
#include "meetings/ics.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "ui/page.h"

namespace jalon::meetings {
namespace {

using beneficiaries::Beneficiary;
using beneficiaries::view::options;
using beneficiaries::view::section_header;
using http::Request;
using http::Response;
using nlohmann::json;

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
  return in;
}

AppointmentInput input_of(const Appointment& a, const std::string& zone) {
  AppointmentInput in;
  in.date = dates::iso(dates::local_date(a.starts_at, zone));
  in.time = dates::local_hhmm(a.starts_at, zone);
  in.duration_min = a.duration_min;
  in.kind = a.kind;
  in.partner_kind = a.partner_kind;
  in.partner_name = a.partner_name;
  in.mode = a.mode;
  in.place = a.place;
  in.counselor_id = a.counselor_id;
  return in;
}

}  // namespace

http::Response Services::page(const http::Request& req, std::string_view tmpl, const json& ctx,
                              int status) const {
  return ui::page_response(renderer, req, tmpl, ctx, status);
}

void register_routes(http::Router& router, const Services& s) {
  register_appointment_pages(router, s);
  register_agenda(router, s);
  register_report_pages(router, s);
  register_api(router, s);
}

void register_appointment_pages(http::Router& router, const Services& svc) {
  // ---- the record's tab -------------------------------------------------------------------
  router.get("/beneficiaires/{id}/rendez-vous", kPathwayRead, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.beneficiaries.get(s, req.param("id"));
    if (!b) return Response::not_found();
    std::string zone = svc.meetings.zone(s);
    json ctx = section_header(*b, "/rendez-vous", "Rendez-vous");
    json list = json::array();
    for (const auto& a : svc.meetings.of_beneficiary(s, b->summary.id)) {
      list.push_back(view::appointment_json(a, zone));
    }
    ctx["appointments"] = list;
    ctx["none"] = list.empty();
    return svc.page(req, "meetings/appointments", ctx);
  });

  // ---- scheduling and moving ------------------------------------------------------------
  // The form of a new or existing appointment; `a` is set when moving one.
  auto form_page = [svc](const Request& req, const Beneficiary& b, const Appointment* a,
                         const AppointmentInput& in, ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    json ctx = section_header(b, "/rendez-vous",
                              a ? "Modifier le rendez-vous" : "Planifier un rendez-vous");
    ctx["heading"] = a ? "Modifier le rendez-vous" : "Planifier un rendez-vous";
    ctx["action"] = a ? "/rendez-vous/" + a->id + "/modifier"
                      : "/beneficiaires/" + b.summary.id + "/rendez-vous/nouveau";
    ctx["submit"] = a ? "Enregistrer les modifications" : "Planifier le rendez-vous";
    ctx["kinds"] = options(appointment_kinds(), in.kind);
    ctx["partner_kinds"] = options(partner_kinds(), in.partner_kind, true);
    ctx["modes"] = options(appointment_modes(), in.mode);
    json counselors = json::array();
    std::string chosen = in.counselor_id.empty() ? s.user_id : in.counselor_id;
    for (const auto& [id, name] : svc.meetings.counselors(s)) {
      counselors.push_back({{"code", id}, {"label", name}, {"selected", id == chosen}});
    }
    ctx["counselors"] = counselors;
    ctx["zone"] = svc.meetings.zone(s);
    ctx["values"] = {
        {"date", in.date},
        {"time", in.time},
        {"duration_min", in.duration_min > 0 ? std::to_string(in.duration_min) : std::string()},
        {"partner_name", in.partner_name},
        {"place", in.place}};
    if (form) form->fill(ctx);
    return svc.page(req, "meetings/appointment_form", ctx, status);
  };

  router.get("/beneficiaires/{id}/rendez-vous/nouveau", kPathwayWrite,
             [svc, form_page](Request& req) {
               const auto& s = access::session_of(req);
               auto b = svc.beneficiaries.get(s, req.param("id"));
               if (!b) return Response::not_found();
               AppointmentInput in;
               in.date = dates::iso(dates::local_date(req.received_at, svc.meetings.zone(s)));
               in.time = "09:00";
               in.duration_min = 45;
               in.kind = "suivi";
               in.mode = "sur_place";
               return form_page(req, *b, nullptr, in, nullptr, 200);
             });

  router.post("/beneficiaires/{id}/rendez-vous/nouveau", kPathwayWrite,
              [svc, form_page](Request& req) {
                const auto& s = access::session_of(req);
                auto b = svc.beneficiaries.get(s, req.param("id"));
                if (!b) return Response::not_found();
                ui::Form form(req);
                AppointmentInput in = read_input(form);
                auto r = svc.meetings.schedule(s, b->summary.id, in);
                if (!r.ok()) {
                  if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
                  form.fail(r.error());
                  return form_page(req, *b, nullptr, in, &form, 422);
                }
                return Response::redirect("/rendez-vous/" + *r + "?planifie=1");
              });

  // The appointment and its record's header, or nullopt (404).
  auto open = [svc](const Request& req) -> std::optional<std::pair<Appointment, Beneficiary>> {
    const auto& s = access::session_of(req);
    auto a = svc.meetings.get(s, req.param("id"));
    if (!a) return std::nullopt;
    auto b = svc.beneficiaries.get(s, a->beneficiary_id);
    if (!b) return std::nullopt;
    return std::make_pair(std::move(*a), std::move(*b));
  };

  router.get("/rendez-vous/{id}/modifier", kPathwayWrite, [svc, open, form_page](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    auto& [a, b] = *ab;
    if (auto st = check_reschedule(a.state()); !st.ok()) {
      return Response::error(409, st.error().message);
    }
    return form_page(req, b, &a, input_of(a, svc.meetings.zone(access::session_of(req))), nullptr,
                     200);
  });

  router.post("/rendez-vous/{id}/modifier", kPathwayWrite, [svc, open, form_page](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    auto& [a, b] = *ab;
    ui::Form form(req);
    AppointmentInput in = read_input(form);
    auto st = svc.meetings.reschedule(access::session_of(req), a.id, in);
    if (!st.ok()) {
      if (st.error().kind == ErrorKind::kConflict) {
        return Response::error(409, st.error().message);
      }
      form.fail(st.error());
      return form_page(req, b, &a, in, &form, 422);
    }
    return Response::redirect("/rendez-vous/" + a.id + "?modifie=1");
  });

  // ---- the appointment page with its participation status ------------------------------
  auto detail = [svc](const Request& req, const Appointment& a, const Beneficiary& b,
                      ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    std::string zone = svc.meetings.zone(s);
    json aj = view::appointment_json(a, zone);
    json ctx = section_header(b, "/rendez-vous", "Rendez-vous du " + aj["date"].get<std::string>());
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
    bool theirs = s.role != access::Role::kCounselor || a.counselor_id == s.user_id;
    ctx["agenda_href"] = "/agenda?vue=semaine&date=" + aj["date_iso"].get<std::string>() +
                         (theirs ? "&conseiller=" + a.counselor_id : std::string());
    if (form) form->fill(ctx);
    if (req.query.has("planifie")) ctx["notice"] = "Le rendez-vous a été planifié.";
    if (req.query.has("modifie")) ctx["notice"] = "Le rendez-vous a été modifié.";
    if (req.query.has("statut")) ctx["notice"] = "La participation a été enregistrée.";
    return svc.page(req, "meetings/appointment", ctx, status);
  };

  router.get("/rendez-vous/{id}", kPathwayRead, [open, detail](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    return detail(req, ab->first, ab->second, nullptr, 200);
  });

  router.post("/rendez-vous/{id}/statut", kPathwayWrite, [svc, open, detail](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    ui::Form form(req);
    auto st =
        svc.meetings.set_participation(access::session_of(req), ab->first.id, form.text("status"));
    if (!st.ok()) {
      Error e = st.error();
      if (e.field.empty()) e.field = "status";
      form.fail(e);
      return detail(req, ab->first, ab->second, &form, e.kind == ErrorKind::kConflict ? 409 : 422);
    }
    return Response::redirect("/rendez-vous/" + ab->first.id + "?statut=1");
  });

  // ---- convocation ------------------------------------------------------------------------
  auto convocation_page = [svc](const Request& req, const Appointment& a, const Beneficiary& b,
                                ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    auto c = svc.meetings.convocation(s, a);
    if (!c) return Response::not_found();
    json ctx = section_header(b, "/rendez-vous", "Convocation");
    ctx["a"] = view::appointment_json(a, svc.meetings.zone(s));
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
    return svc.page(req, "meetings/convocation", ctx, status);
  };

  router.get("/rendez-vous/{id}/convocation", kPathwayRead, [open, convocation_page](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    return convocation_page(req, ab->first, ab->second, nullptr, 200);
  });

  router.post(
      "/rendez-vous/{id}/convocation", kPathwayWrite, [svc, open, convocation_page](Request& req) {
        auto ab = open(req);
        if (!ab) return Response::not_found();
        ui::Form form(req);
        auto r = svc.meetings.send_convocation(access::session_of(req), ab->first.id);
        if (!r.ok()) {
          form.fail(r.error());
          return convocation_page(req, ab->first, ab->second, &form,
                                  r.error().kind == ErrorKind::kConflict ? 409 : 422);
        }
        return Response::redirect("/rendez-vous/" + ab->first.id + "/convocation?envoyee=1");
      });

  // ---- one appointment as an iCalendar file -----------------------------------------------
  router.get("/rendez-vous/{id}/ics", kPathwayRead, [svc](Request& req) {
    auto a = svc.meetings.get(access::session_of(req), req.param("id"));
    if (!a) return Response::not_found();
    Response r;
    r.body = ics::calendar({svc.meetings.event_of(*a, svc.base_url, true)});
    r.set_header("Content-Type", "text/calendar; charset=utf-8");
    r.set_header("Content-Disposition",
                 "attachment; filename=\"rendez-vous-" + a->reference + ".ics\"");
    r.set_header("Cache-Control", "no-store");
    return r;
  });

  // ---- the interview report of an attended appointment -------------------------------------
  router.post("/rendez-vous/{id}/compte-rendu", kPathwayWrite, [svc, open, detail](Request& req) {
    auto ab = open(req);
    if (!ab) return Response::not_found();
    auto r = svc.reports.start(access::session_of(req), ab->first.id);
    if (!r.ok()) {
      ui::Form form(req);
      form.fail(r.error());
      return detail(req, ab->first, ab->second, &form, 409);
    }
    return Response::redirect("/comptes-rendus/" + *r + "/modifier");
  });
}

}  // namespace jalon::meetings
