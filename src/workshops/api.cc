// /api/v1 of the workshops: templates, their sessions, a session with its participants,
// enrolments and attendance. Same service calls and rules as the pages; errors are problem
// documents (an attendance with several mistakes lists them all in "errors").
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "http/json_api.h"
#include "workshops/referentials.h"
#include "workshops/view.h"
#include "workshops/web.h"

namespace jalon::workshops {
namespace {

using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

Response list_templates(const Services& s, Request& req) {
  json items = json::array();
  for (const auto& t : s.workshops.templates(access::session_of(req))) {
    items.push_back(view::template_json(t));
  }
  return http::items_response(items);
}

Response create_template(const Services& s, Request& req) {
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  TemplateInput in;
  in.title = f.string("title");
  in.themes = f.strings("themes");
  in.audience = f.string("audience");
  in.prerequisites = f.string("prerequisites");
  in.materials = f.string("materials");
  in.room_setup = f.string("room_setup");
  in.duration_min = static_cast<int>(f.integer("duration_min", -1, -1, 100000));
  in.capacity_min = static_cast<int>(f.integer("capacity_min", 0, 0, 100000));
  in.capacity_max = static_cast<int>(f.integer("capacity_max", 0, 0, 100000));
  in.facilitators = static_cast<int>(f.integer("facilitators", 1, 0, 100));
  for (auto& o : f.objects("objectives")) {
    in.objectives.push_back({o.string("label"), o.string("skill")});
  }
  for (auto& o : f.objects("steps")) {
    in.steps.push_back(
        {o.string("label"), static_cast<int>(o.integer("duration_min", 0, 0, 1000))});
  }
  if (f.error()) return problem(*f.error(), req);
  const auto& se = access::session_of(req);
  auto id = s.workshops.create_template(se, in);
  if (!id.ok()) return problem(id.error(), req);
  return Response::json(view::template_json(*s.workshops.get_template(se, *id)).dump(), 201);
}

Response show_template(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto t = s.workshops.get_template(se, req.param("id"));
  if (!t) return problem(Error::not_found(), req);
  json out = view::template_json(*t);
  Rates r = rates(s.workshops.template_counts(se, t->id));
  auto num = [](std::optional<double> v) { return v ? json(*v) : json(nullptr); };
  out["rates"] = {
      {"fill", num(r.fill)}, {"attendance", num(r.attendance)}, {"no_show", num(r.no_show)}};
  return Response::json(out.dump());
}

Response list_sessions(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.workshops.get_template(se, req.param("id"))) return problem(Error::not_found(), req);
  json items = json::array();
  for (const auto& x : s.workshops.sessions_of_template(se, req.param("id"))) {
    items.push_back(view::session_api(x));
  }
  return http::items_response(items);
}

Response create_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.workshops.get_template(se, req.param("id"))) return problem(Error::not_found(), req);
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  SessionInput in;
  in.date = f.string("date");
  in.time = f.string("time");
  in.duration_min = static_cast<int>(f.integer("duration_min", -1, -1, 100000));
  in.mode = f.string("mode");
  in.place = f.string("place");
  in.capacity = static_cast<int>(f.integer("capacity", 0, 0, 100000));
  in.facilitator_id = f.string("facilitator_id");
  if (f.error()) return problem(*f.error(), req);
  auto id = s.workshops.create_session(se, req.param("id"), in);
  if (!id.ok()) return problem(id.error(), req);
  return Response::json(view::session_api(*s.workshops.get_session(se, *id)).dump(), 201);
}

json roster_json(const Roster& r) {
  json people = json::array();
  for (const auto& p : r.people) {
    people.push_back({{"id", p.id},
                      {"beneficiary_id", p.beneficiary_id},
                      {"first_name", p.first_name},
                      {"last_name", p.last_name},
                      {"waiting", p.waiting},
                      {"status", p.status}});
  }
  return {{"participants", people}, {"hidden", r.hidden}};
}

Response show_session(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return problem(Error::not_found(), req);
  json out = view::session_api(*x);
  out.update(roster_json(s.workshops.roster(se, *x)));
  return Response::json(out.dump());
}

// {"beneficiary_ids": [...], "waiting_list": bool}. One person: out of scope is a 404 and a
// full session without the waiting list a 409 naming the capacity; several: one outcome each.
Response enrol(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return problem(Error::not_found(), req);
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  auto ids = f.strings("beneficiary_ids");
  bool waiting = f.boolean("waiting_list");
  if (f.error()) return problem(*f.error(), req);
  if (ids.empty() || ids.size() > 200) {
    return problem(Error::invalid("Indiquez de 1 à 200 personnes.", "beneficiary_ids"), req);
  }
  auto r = s.workshops.enrol(se, x->id, ids, waiting);
  if (!r.ok()) return problem(r.error(), req);
  if (r->size() == 1 && r->front().outcome == kNotFound) return problem(Error::not_found(), req);
  if (r->size() == 1 && r->front().outcome == kFull) {
    return problem(Error::conflict("La séance est complète (" + std::to_string(*x->capacity) +
                                   " places) : envoyez \"waiting_list\": true pour inscrire la "
                                   "personne sur la liste d'attente."),
                   req);
  }
  json items = json::array();
  for (const auto& e : *r) {
    items.push_back({{"beneficiary_id", e.beneficiary_id}, {"outcome", e.outcome}});
  }
  return http::items_response(items);
}

// {"statuses": {participation id: status}}: all saved, or a 422 listing every mistake.
Response attendance(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return problem(Error::not_found(), req);
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  auto statuses = f.string_map("statuses");
  if (f.error()) return problem(*f.error(), req);
  auto r = s.workshops.set_attendance(se, x->id, statuses);
  if (!r.ok()) return problem(r.error(), req);
  if (!r->empty()) {
    json doc =
        http::problem_document(422, r->front().message, r->front().field, req.correlation_id);
    json errors = json::array();
    for (const auto& e : *r) errors.push_back({{"field", e.field}, {"detail", e.message}});
    doc["errors"] = errors;
    return http::problem_response(doc);
  }
  auto now = s.workshops.get_session(se, x->id);
  json out = view::session_api(*now);
  out.update(roster_json(s.workshops.roster(se, *now)));
  return Response::json(out.dump());
}

json opt(std::optional<double> v) {
  return v ? json(*v) : json(nullptr);
}

// Satisfaction per objective (shares of the 1–5 scale), skill deltas (1–4 scale) and answer
// counts of a session, with the template's W9 flag.
Response show_evaluation(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return problem(Error::not_found(), req);
  SessionEvaluation ev = s.workshops.evaluation(se, *x);
  json objectives = json::array();
  for (const auto& o : ev.objectives) {
    const auto& d = o.delta;
    objectives.push_back({{"label", o.label},
                          {"skill", o.skill},
                          {"satisfaction", opt(o.satisfaction)},
                          {"satisfaction_answers", o.satisfaction_answers},
                          {"post", opt(o.post)},
                          {"mean_pre", opt(d.mean_pre)},
                          {"mean_post", opt(d.mean_post)},
                          {"mean_delta", opt(d.mean_delta)},
                          {"improved_share", opt(d.improved_share)},
                          {"paired", d.paired},
                          {"excluded", d.excluded}});
  }
  auto t = s.workshops.get_template(se, x->template_id);
  json out = {{"session_id", x->id},
              {"present", ev.present},
              {"answers",
               {{"pre", ev.pre_answers},
                {"post", ev.post_answers},
                {"satisfaction", ev.satisfaction_answers}}},
              {"overall_satisfaction", opt(ev.overall)},
              {"objectives", objectives},
              {"comments", ev.comments},
              {"rework", t ? s.workshops.review(se, *t).rework : false}};
  return Response::json(out.dump());
}

// {"answers": [{"phase": "pre"|"post"|"satisfaction", "scores": [{"item": 0, "score": 3}],
// "comment": ""}]}: typed in from paper; a 422 lists every mistake.
Response put_evaluation(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  // Out of the caller's structure: not found before the body is read.
  if (s.workshops.session_of_participation(se, req.param("id")).empty()) {
    return problem(Error::not_found(), req);
  }
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  std::vector<Questionnaire> in;
  for (auto& a : f.objects("answers")) {
    Questionnaire q{a.string("phase"), {}, a.string("comment")};
    for (auto& sc : a.objects("scores")) {
      q.scores[static_cast<int>(sc.integer("item", -1, -1, 99))] =
          static_cast<int>(sc.integer("score", -1, -1, 99));
    }
    if (q.phase != kPre && q.phase != kPost && q.phase != kSatisfaction) {
      return problem(Error::invalid("phase : pre, post ou satisfaction.", "phase"), req);
    }
    in.push_back(std::move(q));
  }
  if (f.error()) return problem(*f.error(), req);
  auto r = s.workshops.record_answers(se, req.param("id"), in);
  if (!r.ok()) return problem(r.error(), req);
  if (!r->empty()) {
    json doc =
        http::problem_document(422, r->front().message, r->front().field, req.correlation_id);
    json errors = json::array();
    for (const auto& e : *r) errors.push_back({{"field", e.field}, {"detail", e.message}});
    doc["errors"] = errors;
    return http::problem_response(doc);
  }
  json phases = json::array();
  for (const auto& [phase, q] : s.workshops.answers_of(req.param("id"))) phases.push_back(phase);
  return Response::json(json{{"participation_id", req.param("id")}, {"answered", phases}}.dump());
}

// {"confirm": true}: cancels the session, each person told alone; "told" counts them.
Response cancel(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  if (!s.workshops.get_session(se, req.param("id"))) return problem(Error::not_found(), req);
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  bool confirm = f.boolean("confirm");
  if (f.error()) return problem(*f.error(), req);
  if (!confirm) return problem(Error::invalid("Envoyez \"confirm\": true.", "confirm"), req);
  auto r = s.workshops.cancel_session(se, req.param("id"));
  if (!r.ok()) return problem(r.error(), req);
  json out = view::session_api(*s.workshops.get_session(se, req.param("id")));
  out["told"] = *r;
  return Response::json(out.dump());
}

}  // namespace

void register_api(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/api/v1/workshops", kPathwayRead, http::on(s, list_templates)},
      {kPost, "/api/v1/workshops", kPathwayWrite, http::on(s, create_template)},
      {kGet, "/api/v1/workshops/{id}", kPathwayRead, http::on(s, show_template)},
      {kGet, "/api/v1/workshops/{id}/sessions", kPathwayRead, http::on(s, list_sessions)},
      {kPost, "/api/v1/workshops/{id}/sessions", kPathwayWrite, http::on(s, create_session)},
      {kGet, "/api/v1/workshop-sessions/{id}", kPathwayRead, http::on(s, show_session)},
      {kPost, "/api/v1/workshop-sessions/{id}/enrolments", kPathwayWrite, http::on(s, enrol)},
      {kPut, "/api/v1/workshop-sessions/{id}/attendance", kPathwayWrite, http::on(s, attendance)},
      {kGet, "/api/v1/workshop-sessions/{id}/evaluation", kPathwayRead,
       http::on(s, show_evaluation)},
      {kPost, "/api/v1/workshop-sessions/{id}/cancel", kPathwayWrite, http::on(s, cancel)},
      {kPut, "/api/v1/workshop-participations/{id}/evaluation", kPathwayWrite,
       http::on(s, put_evaluation)},
  });
}

}  // namespace jalon::workshops
