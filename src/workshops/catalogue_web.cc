// The workshop catalogue: templates and upcoming sessions, the template form (every mistake
// at once), the template page with its sessions and rates, and the printable running order.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/text.h"
#include "http/json_api.h"
#include "workshops/referentials.h"
#include "workshops/view.h"
#include "workshops/web.h"

namespace jalon::workshops {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int kObjectiveRows = 5, kStepRows = 8;
constexpr Millis kDay = 86'400'000;

// A number field: `empty` when left empty, -1 when not a whole number.
int number(ui::Form& form, const std::string& name, int empty) {
  std::string v = form.text(name);
  return v.empty() ? empty : text::to_int(v, -1);
}

// The template of the form. Rows after the last filled one are left out; rows before it are
// kept (empty ones then fail), so a mistake's field is the row the counselor typed in.
TemplateInput read_template(ui::Form& form, const Request& req) {
  TemplateInput in;
  in.title = form.text("title");
  in.themes = req.form.all("themes");
  in.audience = form.text("audience");
  in.prerequisites = form.text("prerequisites");
  in.materials = form.text("materials");
  in.room_setup = form.text("room_setup");
  in.duration_min = number(form, "duration_min", -1);
  in.capacity_min = number(form, "capacity_min", 0);
  in.capacity_max = number(form, "capacity_max", 0);
  in.facilitators = number(form, "facilitators", 1);
  in.rework_threshold = number(form, "rework_threshold", 66);
  for (int i = 0; i < kObjectiveRows; ++i) {
    in.objectives.push_back(
        {form.text("objective_" + std::to_string(i)), form.text("skill_" + std::to_string(i))});
  }
  while (!in.objectives.empty() && in.objectives.back().label.empty() &&
         in.objectives.back().skill.empty()) {
    in.objectives.pop_back();
  }
  for (int i = 0; i < kStepRows; ++i) {
    std::string label = form.text("step_" + std::to_string(i));
    std::string d = form.text("step_duration_" + std::to_string(i));
    in.steps.push_back({label, d.empty() ? 0 : text::to_int(d, -1)});
  }
  while (!in.steps.empty() && in.steps.back().label.empty() && in.steps.back().duration_min == 0) {
    in.steps.pop_back();
  }
  return in;
}

// The rows of the objectives and running order, with their values and errors.
void add_rows(json& ctx) {
  const json& v = ctx.contains("values") ? ctx["values"] : json::object();
  const json& e = ctx.contains("errors") ? ctx["errors"] : json::object();
  auto get = [](const json& o, const std::string& k) { return o.value(k, std::string()); };
  json objectives = json::array(), steps = json::array();
  for (int i = 0; i < kObjectiveRows; ++i) {
    std::string n = std::to_string(i);
    objectives.push_back({{"i", i},
                          {"n", i + 1},
                          {"label", get(v, "objective_" + n)},
                          {"skill", get(v, "skill_" + n)},
                          {"label_error", get(e, "objective_" + n)},
                          {"skill_error", get(e, "skill_" + n)}});
  }
  for (int i = 0; i < kStepRows; ++i) {
    std::string n = std::to_string(i);
    steps.push_back({{"i", i},
                     {"n", i + 1},
                     {"label", get(v, "step_" + n)},
                     {"duration", get(v, "step_duration_" + n)},
                     {"label_error", get(e, "step_" + n)},
                     {"duration_error", get(e, "step_duration_" + n)}});
  }
  ctx["objective_rows"] = objectives;
  ctx["step_rows"] = steps;
}

Response form_page(const Services& s, const Request& req, const std::vector<std::string>& chosen,
                   ui::Form* form, int status) {
  json ctx = {{"title", "Nouvel atelier"}, {"nav", "workshops"}};
  ctx["themes"] = ui::checks(themes(), chosen, "themes");
  if (form) form->fill(ctx);
  add_rows(ctx);
  return s.page(req, "workshops/template_form", ctx, status);
}

Response new_template(const Services& s, Request& req) {
  return form_page(s, req, {}, nullptr, 200);
}

Response create_template(const Services& s, Request& req) {
  ui::Form form(req);
  TemplateInput in = read_template(form, req);
  auto mistakes = WorkshopService::template_mistakes(in);
  if (!mistakes.empty()) {
    for (const auto& m : mistakes) form.fail(m);
    return form_page(s, req, in.themes, &form, 422);
  }
  auto id = s.workshops.create_template(access::session_of(req), in);
  if (!id.ok()) {
    form.fail(id.error());
    return form_page(s, req, in.themes, &form, http::status_of(id.error().kind));
  }
  return Response::redirect("/ateliers/" + *id + "?cree=1");
}

Response catalogue(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  std::string zone = s.workshops.zone(se);
  Millis now = req.received_at;
  json ctx = {{"title", "Ateliers collectifs"}, {"nav", "workshops"}};
  json templates = json::array();
  for (const auto& t : s.workshops.templates(se)) templates.push_back(view::template_json(t));
  ctx["templates"] = templates;
  ctx["no_templates"] = templates.empty();
  json upcoming = json::array(), to_complete = json::array();
  for (const auto& x : s.workshops.sessions_between(se, now - 60 * kDay, now + 120 * kDay)) {
    const auto& c = x.counts;
    if (x.starts_at > now) {
      upcoming.push_back(view::session_json(x, zone, now));
    } else if (c.enrolled > c.present + c.excused + c.cancelled + c.absent) {
      to_complete.push_back(view::session_json(x, zone, now));
    }
  }
  ctx["upcoming"] = upcoming;
  ctx["no_upcoming"] = upcoming.empty();
  ctx["to_complete"] = to_complete;
  ctx["has_to_complete"] = !to_complete.empty();
  return s.page(req, "workshops/catalogue", ctx);
}

Response template_page(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto t = s.workshops.get_template(se, req.param("id"));
  if (!t) return Response::not_found();
  std::string zone = s.workshops.zone(se);
  json ctx = {{"title", t->title}, {"nav", "workshops"}};
  ctx["t"] = view::template_json(*t);
  json sessions = json::array();
  for (const auto& x : s.workshops.sessions_of_template(se, t->id)) {
    sessions.push_back(view::session_json(x, zone, req.received_at));
  }
  ctx["sessions"] = sessions;
  ctx["no_sessions"] = sessions.empty();
  ctx["rates"] = view::rates_json(s.workshops.template_counts(se, t->id));
  TemplateReview rv = s.workshops.review(se, *t);
  nlohmann::json review = nlohmann::json::array();
  for (const auto& o : rv.objectives) {
    review.push_back({{"label", o.label},
                      {"satisfaction", percent(o.now.satisfaction)},
                      {"previous_satisfaction", percent(o.previous.satisfaction)},
                      {"post", percent(o.now.post)},
                      {"previous_post", percent(o.previous.post)},
                      {"rework", o.rework}});
  }
  ctx["review"] = review;
  ctx["has_review"] = !review.empty();
  ctx["rework"] = rv.rework;
  ctx["last_evaluated"] = rv.last_session_id;
  ctx["notice"] = ui::notice_for(req, {{"cree", "L'atelier a été créé."}});
  return s.page(req, "workshops/template", ctx);
}

Response running_order(const Services& s, Request& req) {
  auto t = s.workshops.get_template(access::session_of(req), req.param("id"));
  if (!t) return Response::not_found();
  json ctx = {{"title", "Déroulé : " + t->title}, {"nav", "workshops"}};
  ctx["t"] = view::template_json(*t);
  return s.page(req, "workshops/running_order", ctx);
}

}  // namespace

void register_catalogue_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/ateliers", kPathwayRead, http::on(s, catalogue)},
      {kGet, "/ateliers/nouveau", kPathwayWrite, http::on(s, new_template)},
      {kPost, "/ateliers/nouveau", kPathwayWrite, http::on(s, create_template)},
      {kGet, "/ateliers/{id}", kPathwayRead, http::on(s, template_page)},
      {kGet, "/ateliers/{id}/deroule", kPathwayRead, http::on(s, running_order)},
  });
}

void register_routes(http::Router& router, const Services& s) {
  register_catalogue_pages(router, s);
  register_session_pages(router, s);
  register_api(router, s);
  register_evaluation_pages(router, s);
  register_bilan_pages(router, s);
}

}  // namespace jalon::workshops
