// Sessions: planning one from a template, its page (roster, attendance on one screen, waiting
// list, rates) and enrolment of the people selected in the caseload list.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "ui/pdf.h"
#include "workshops/referentials.h"
#include "workshops/view.h"
#include "workshops/web.h"

namespace jalon::workshops {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr Millis kDay = 86'400'000;

// ---- planning a session ----------------------------------------------------------------------

Response session_form(const Services& s, const Request& req, const Template& t,
                      const SessionInput& in, ui::Form* form, int status,
                      const std::string& editing = {}) {
  const auto& se = access::session_of(req);
  json ctx = {{"title", editing.empty() ? "Planifier une séance" : "Modifier la séance"},
              {"nav", "workshops"},
              {"edit", !editing.empty()},
              {"action", editing.empty() ? "/ateliers/" + t.id + "/seances/nouvelle"
                                         : "/seances-atelier/" + editing + "/modifier"}};
  ctx["t"] = view::template_json(t);
  ctx["modes"] = ui::options(session_modes(), in.mode);
  json people = json::array();
  std::string chosen = in.facilitator_id.empty() ? se.user_id : in.facilitator_id;
  for (const auto& [id, name] : s.workshops.facilitators(se)) {
    people.push_back({{"code", id}, {"label", name}, {"selected", id == chosen}});
  }
  ctx["facilitators"] = people;
  ctx["zone"] = s.workshops.zone(se);
  ctx["values"] = {
      {"date", in.date},
      {"time", in.time},
      {"duration_min", in.duration_min > 0 ? std::to_string(in.duration_min) : std::string()},
      {"place", in.place},
      {"capacity", in.capacity > 0 ? std::to_string(in.capacity) : std::string()}};
  if (form) form->fill(ctx);
  return s.page(req, "workshops/session_form", ctx, status);
}

Response new_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto t = s.workshops.get_template(se, req.param("id"));
  if (!t) return Response::not_found();
  SessionInput in;
  in.date = dates::iso(dates::local_date(req.received_at + 7 * kDay, s.workshops.zone(se)));
  in.time = "09:30";
  in.duration_min = t->duration_min;
  in.mode = "sur_place";
  in.capacity = t->capacity_max;
  return session_form(s, req, *t, in, nullptr, 200);
}

SessionInput read_session(ui::Form& form) {
  SessionInput in;
  in.date = form.text("date");
  in.time = form.text("time");
  in.duration_min = text::to_int(form.text("duration_min"), -1);
  in.mode = form.text("mode");
  in.place = form.text("place");
  std::string cap = form.text("capacity");
  in.capacity = cap.empty() ? 0 : text::to_int(cap, -1);
  in.facilitator_id = form.text("facilitator_id");
  return in;
}

Response create_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto t = s.workshops.get_template(se, req.param("id"));
  if (!t) return Response::not_found();
  ui::Form form(req);
  SessionInput in = read_session(form);
  auto mistakes = s.workshops.session_mistakes(se, in);
  if (!mistakes.empty()) {
    for (const auto& m : mistakes) form.fail(m);
    return session_form(s, req, *t, in, &form, 422);
  }
  auto id = s.workshops.create_session(se, t->id, in);
  if (!id.ok()) {
    form.fail(id.error());
    return session_form(s, req, *t, in, &form, http::status_of(id.error().kind));
  }
  return Response::redirect("/seances-atelier/" + *id + "?planifiee=1");
}

// ---- changing or cancelling a session ----------------------------------------------------------

Response session_page(const Services& s, const Request& req, const Session& x, ui::Form* form,
                      int status);

Response edit_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return Response::not_found();
  auto t = s.workshops.get_template(se, x->template_id);
  if (!t) return Response::not_found();
  std::string zone = s.workshops.zone(se);
  SessionInput in{dates::iso(dates::local_date(x->starts_at, zone)),
                  dates::local_hhmm(x->starts_at, zone),
                  x->duration_min,
                  x->mode,
                  x->place,
                  x->capacity.value_or(0),
                  x->facilitator_id};
  return session_form(s, req, *t, in, nullptr, 200, x->id);
}

Response update_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return Response::not_found();
  auto t = s.workshops.get_template(se, x->template_id);
  if (!t) return Response::not_found();
  ui::Form form(req);
  SessionInput in = read_session(form);
  auto r = s.workshops.update_session(se, x->id, in);
  if (!r.ok()) {
    form.fail(r.error());
    for (const auto& m : r.error().more) form.fail(m);
    return session_form(s, req, *t, in, &form, http::status_of(r.error().kind), x->id);
  }
  return Response::redirect("/seances-atelier/" + x->id + "?modifiee=1");
}

Response cancel_session(const Services& s, Request& req) {
  if (!req.form.has("confirm")) {
    auto x = s.workshops.get_session(access::session_of(req), req.param("id"));
    if (!x) return Response::not_found();
    ui::Form form(req);
    form.fail(
        Error::invalid("Cochez « Je confirme l'annulation » pour annuler la séance.", "confirm"));
    return session_page(s, req, *x, &form, 422);
  }
  auto r = s.workshops.cancel_session(access::session_of(req), req.param("id"));
  if (!r.ok()) {
    if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
    return Response::error(http::status_of(r.error().kind), r.error().message);
  }
  return Response::redirect("/seances-atelier/" + req.param("id") +
                            "?annulee=" + std::to_string(*r));
}

// ---- the session page: roster and attendance -------------------------------------------------

// The statuses a participant may be given now (the rules of W3), the current one selected.
json status_options(const Participant& p, const Session& x, Millis now, const std::string& zone,
                    const std::string& selected) {
  json out = json::array();
  for (const auto& c : participation_statuses()) {
    if (c.code != p.status &&
        !check_status(p.status, c.code, x.starts_at, now, zone, "", "").ok()) {
      continue;
    }
    out.push_back({{"code", c.code}, {"label", c.label}, {"selected", c.code == selected}});
  }
  return out;
}

Response session_page(const Services& s, const Request& req, const Session& x, ui::Form* form,
                      int status) {
  const auto& se = access::session_of(req);
  std::string zone = s.workshops.zone(se);
  Millis now = req.received_at;
  json ctx = {{"title", "Séance : " + x.title}, {"nav", "workshops"}};
  ctx["x"] = view::session_json(x, zone, now);
  if (form) form->fill(ctx);
  Roster roster = s.workshops.roster(se, x);
  json enrolled = json::array(), waiting = json::array();
  int rank = 0;
  for (const auto& p : roster.people) {
    std::string field = "status_" + p.id;
    std::string chosen = p.status;
    if (form && ctx.contains("values") && ctx["values"].contains(field)) {
      chosen = ctx["values"][field].get<std::string>();
    }
    json row = {{"id", p.id},
                {"person", p.beneficiary_id},
                {"name", p.last_name + " " + p.first_name},
                {"status", std::string(label_of(participation_statuses(), p.status))},
                {"field", field}};
    if (p.waiting) {
      row["rank"] = ++rank;
      waiting.push_back(row);
      continue;
    }
    row["options"] = status_options(p, x, now, zone, chosen);
    std::string err = ctx.contains("errors") ? ctx["errors"].value(field, "") : "";
    if (!err.empty()) row["error"] = err;
    enrolled.push_back(row);
  }
  ctx["enrolled"] = enrolled;
  ctx["has_enrolled"] = !enrolled.empty();
  ctx["waiting"] = waiting;
  ctx["has_waiting"] = !waiting.empty();
  ctx["hidden"] = roster.hidden;
  ctx["notice"] = ui::notice_for(req, {{"planifiee", "La séance a été planifiée."},
                                       {"modifiee", "La séance a été modifiée."},
                                       {"presences", "Les présences ont été enregistrées."}});
  auto answered = s.workshops.answered(x.id);
  for (auto& row : ctx["enrolled"]) {
    const auto& phases = answered[row["id"].get<std::string>()];
    std::string done;
    using Phase = std::pair<std::string_view, const char*>;
    for (const auto& [code, label] : std::initializer_list<Phase>{
             {kPre, "avant"}, {kPost, "après"}, {kSatisfaction, "satisfaction"}}) {
      if (phases.count(std::string(code))) done += (done.empty() ? "" : ", ") + std::string(label);
    }
    row["answered"] = done.empty() ? "aucune réponse" : done;
  }
  if (req.query.has("annulee")) {
    ctx["notice"] = "La séance est annulée. Personnes prévenues par e-mail : " +
                    std::to_string(text::to_int(req.query.get("annulee"), 0)) + ".";
  }
  if (req.query.has("questionnaires")) {
    ctx["notice"] = "Questionnaires envoyés par e-mail : " +
                    std::to_string(text::to_int(req.query.get("questionnaires"), 0)) +
                    ". Sans adresse e-mail (lien à créer depuis l'évaluation de la personne) : " +
                    std::to_string(text::to_int(req.query.get("sans_email"), 0)) + ".";
  }
  if (req.query.has("convoquees")) {
    ctx["notice"] = "Convocations envoyées par e-mail : " +
                    std::to_string(text::to_int(req.query.get("convoquees"), 0)) +
                    ". Sans adresse e-mail (lettre à imprimer) : " +
                    std::to_string(text::to_int(req.query.get("sans_email"), 0)) + ".";
  }
  return s.page(req, "workshops/session", ctx, status);
}

Response show_session(const Services& s, Request& req) {
  auto x = s.workshops.get_session(access::session_of(req), req.param("id"));
  if (!x) return Response::not_found();
  return session_page(s, req, *x, nullptr, 200);
}

Response save_attendance(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return Response::not_found();
  ui::Form form(req);
  std::vector<std::pair<std::string, std::string>> statuses;
  for (const auto& [name, value] : req.form.items()) {
    if (name.rfind("status_", 0) == 0) statuses.emplace_back(name.substr(7), form.text(name));
  }
  auto r = s.workshops.set_attendance(se, x->id, statuses);
  if (!r.ok()) return Response::not_found();
  if (!r->empty()) {
    for (const auto& m : *r) form.fail(m);
    return session_page(s, req, *x, &form, 422);
  }
  return Response::redirect("/seances-atelier/" + x->id + "?presences=1");
}

// ---- convocations ---------------------------------------------------------------------------

// The printable letter of one participant ({id}: the participation): it names only them.
Response convocation_letter(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, s.workshops.session_of_participation(se, req.param("id")));
  if (!x) return Response::not_found();
  auto c = s.workshops.convocation(se, *x, req.param("id"));
  if (!c) return Response::not_found();
  json ctx = {{"title", c->subject}, {"nav", "workshops"}};
  ctx["c"] = {{"to", c->to_name}, {"subject", c->subject}, {"body", c->body}};
  ctx["session_id"] = x->id;
  return s.page(req, "workshops/convocation", ctx);
}

Response send_convocations(const Services& s, Request& req) {
  auto r = s.workshops.send_convocations(access::session_of(req), req.param("id"));
  if (!r.ok()) {
    if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
    return Response::error(http::status_of(r.error().kind), r.error().message);
  }
  return Response::redirect("/seances-atelier/" + req.param("id") +
                            "?convoquees=" + std::to_string(r->sent) +
                            "&sans_email=" + std::to_string(r->without_email));
}

// The attendance sheet (émargement, W12) as a PDF: the enrolled participants the caller sees,
// each with their status and room to sign.
Response attendance_sheet(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return Response::not_found();
  Roster roster = s.workshops.roster(se, *x);
  json people = json::array();
  for (const auto& p : roster.people) {
    if (p.waiting) continue;
    people.push_back({{"name", p.last_name + " " + p.first_name},
                      {"status", std::string(label_of(participation_statuses(), p.status))}});
  }
  json ctx = {{"x", view::session_json(*x, s.workshops.zone(se), req.received_at)},
              {"people", people},
              {"count", people.size()},
              {"hidden", roster.hidden}};
  auto pdf = ui::html_to_pdf(s.renderer.render("workshops/attendance_sheet", ctx));
  if (!pdf) return ui::export_unavailable(pdf.error());
  Response r;
  r.body = std::move(*pdf);
  r.set_header("Content-Type", "application/pdf");
  r.set_header("Content-Disposition", "attachment; filename=\"feuille-emargement.pdf\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- enrolment from the caseload -------------------------------------------------------------

Response enrol_from_caseload(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  std::vector<std::string> people = req.form.all("people");
  json ctx = {{"title", "Inscrire à un atelier"}, {"nav", "workshops"}};
  json ids = json::array();
  for (const auto& id : people) ids.push_back({{"id", id}});
  ctx["people"] = ids;
  ctx["count"] = people.size();
  ctx["plural"] = people.size() > 1;
  if (people.empty()) {
    ctx["none_selected"] = true;
    return s.page(req, "workshops/enrol", ctx, 422);
  }
  std::string session_id = req.form.get("session");
  if (!session_id.empty()) {
    auto r = s.workshops.enrol(se, session_id, people, req.form.has("waiting_list"));
    if (r.ok()) {
      json results = json::array();
      auto x = s.workshops.get_session(se, session_id);
      for (const auto& e : *r) {
        std::string outcome(label_of(enrolment_outcomes(), e.outcome));
        if (e.outcome == kFull && x->capacity) {
          outcome = "Complet (" + std::to_string(*x->capacity) + " places) : non inscrit·e";
        }
        results.push_back({{"name", e.name.empty() ? "Personne introuvable" : e.name},
                           {"outcome", outcome},
                           {"badge", e.outcome == kEnrolled  ? "badge-success"
                                     : e.outcome == kAlready ? "badge-neutral"
                                                             : "badge-warning"}});
      }
      ctx["results"] = results;
      ctx["x"] = view::session_json(*x, s.workshops.zone(se), req.received_at);
      return s.page(req, "workshops/enrol_results", ctx);
    }
    ctx["session_error"] = "Choisissez une séance à venir dans la liste.";
  }
  std::string zone = s.workshops.zone(se);
  json sessions = json::array();
  for (const auto& x :
       s.workshops.sessions_between(se, req.received_at, req.received_at + 180 * kDay)) {
    if (x.cancelled_at) continue;
    sessions.push_back(view::session_json(x, zone, req.received_at));
  }
  ctx["sessions"] = sessions;
  ctx["no_sessions"] = sessions.empty();
  return s.page(req, "workshops/enrol", ctx, ctx.contains("session_error") ? 422 : 200);
}

}  // namespace

void register_session_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/ateliers/{id}/seances/nouvelle", kPathwayWrite, http::on(s, new_session)},
      {kPost, "/ateliers/{id}/seances/nouvelle", kPathwayWrite, http::on(s, create_session)},
      {kPost, "/ateliers-inscription", kPathwayWrite, http::on(s, enrol_from_caseload)},
      {kGet, "/seances-atelier/{id}", kPathwayRead, http::on(s, show_session)},
      {kPost, "/seances-atelier/{id}/presences", kPathwayWrite, http::on(s, save_attendance)},
      {kGet, "/seances-atelier/{id}/modifier", kPathwayWrite, http::on(s, edit_session)},
      {kPost, "/seances-atelier/{id}/modifier", kPathwayWrite, http::on(s, update_session)},
      {kPost, "/seances-atelier/{id}/annuler", kPathwayWrite, http::on(s, cancel_session)},
      {kPost, "/seances-atelier/{id}/convocations", kPathwayWrite, http::on(s, send_convocations)},
      {kGet, "/convocations-atelier/{id}", kPathwayRead, http::on(s, convocation_letter)},
      {kGet, "/seances-atelier/{id}/emargement.pdf", kPathwayRead, http::on(s, attendance_sheet)},
  });
}

}  // namespace jalon::workshops
