// Evaluation pages: answers typed in from paper for one participant, the single-use links (made
// for one participant and shown once, or sent by e-mail to every participant), and the page a
// link opens on the participant's phone, which shows the questionnaire and nothing else.
#include <nlohmann/json.hpp>

#include "access/link_web.h"
#include "access/policy.h"
#include "core/dates.h"
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

std::string prefix_of(std::string_view phase) {
  return phase == kSatisfaction ? "sat" : std::string(phase);
}

// The answers of `phases` in the form; with `only_filled`, a phase none of whose fields was
// filled is left out (typing in from paper: a phase may not have been answered).
std::vector<Questionnaire> read_answers(ui::Form& form, const Template& t,
                                        const std::vector<std::string_view>& phases,
                                        bool only_filled) {
  std::vector<Questionnaire> out;
  for (auto phase : phases) {
    Questionnaire q{std::string(phase), {}, {}};
    std::vector<int> items;
    for (std::size_t i = 0; i < t.objectives.size(); ++i) items.push_back(static_cast<int>(i));
    if (phase == kSatisfaction) items.push_back(kOverallItem);
    bool any = false;
    for (int item : items) {
      std::string v = form.text(prefix_of(phase) + "_" + std::to_string(item));
      if (v.empty()) continue;
      any = true;
      q.scores[item] = text::to_int(v, -1);
    }
    if (phase == kSatisfaction) {
      q.comment = form.text("comment");
      any = any || !q.comment.empty();
    }
    if (any || !only_filled) out.push_back(std::move(q));
  }
  return out;
}

// One phase's fieldset: an item per objective (its skill for self-assessment), a select each.
json phase_fields(const Template& t, std::string_view phase, const json& ctx,
                  const Questionnaire* saved) {
  bool sat = phase == kSatisfaction;
  int max = sat ? kLikertMax : kSelfMax;
  const json& values = ctx.contains("values") ? ctx["values"] : json::object();
  const json& errors = ctx.contains("errors") ? ctx["errors"] : json::object();
  json items = json::array();
  std::vector<int> ids;
  for (std::size_t i = 0; i < t.objectives.size(); ++i) ids.push_back(static_cast<int>(i));
  if (sat) ids.push_back(kOverallItem);
  for (int item : ids) {
    std::string field = prefix_of(phase) + "_" + std::to_string(item);
    std::string chosen = values.value(field, std::string());
    if (!ctx.contains("values") && saved && saved->scores.count(item)) {
      chosen = std::to_string(saved->scores.at(item));
    }
    json options = json::array({{{"code", ""}, {"label", "—"}, {"selected", chosen.empty()}}});
    for (int v = 1; v <= max; ++v) {
      options.push_back({{"code", std::to_string(v)},
                         {"label", std::to_string(v)},
                         {"selected", chosen == std::to_string(v)}});
    }
    std::string label = item == kOverallItem ? "Dans l'ensemble, je suis satisfait·e de l'atelier"
                        : sat ? "Cet objectif est atteint pour moi : " + t.objectives[item].label
                              : t.objectives[item].skill;
    json row = {{"field", field}, {"label", label}, {"options", options}};
    if (errors.contains(field)) row["error"] = errors[field];
    items.push_back(row);
  }
  std::string legend = phase == kPre    ? "Auto-évaluation avant l'atelier"
                       : phase == kPost ? "Auto-évaluation après l'atelier"
                                        : "Satisfaction";
  std::string hint = sat ? "De 1 (pas du tout d'accord) à 5 (tout à fait d'accord)."
                         : "Je sais le faire : de 1 (pas du tout) à 4 (tout à fait).";
  json out = {{"phase", std::string(phase)},
              {"legend", legend},
              {"hint", hint},
              {"items", items},
              {"satisfaction", sat}};
  if (sat) {
    out["comment"] = ctx.contains("values") ? values.value("comment", std::string())
                     : saved                ? saved->comment
                                            : std::string();
    if (errors.contains("comment")) out["comment_error"] = errors["comment"];
  }
  return out;
}

// ---- typed in from paper ---------------------------------------------------------------------

struct Typing {
  Session x;
  Template t;
  Participant p;
};

std::optional<Typing> typing_of(const Services& s, const Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, s.workshops.session_of_participation(se, req.param("id")));
  if (!x) return std::nullopt;
  auto t = s.workshops.get_template(se, x->template_id);
  if (!t) return std::nullopt;
  for (const auto& p : s.workshops.roster(se, *x).people) {
    if (p.id == req.param("id") && !p.waiting) return Typing{*x, *t, p};
  }
  return std::nullopt;
}

Response typing_page(const Services& s, const Request& req, const Typing& w, ui::Form* form,
                     int status, const std::string& link = {}) {
  const auto& se = access::session_of(req);
  std::string name = w.p.first_name + " " + w.p.last_name;
  json ctx = {{"title", "Évaluation de " + name}, {"nav", "workshops"}, {"name", name}};
  ctx["x"] = view::session_json(w.x, s.workshops.zone(se), req.received_at);
  ctx["participation"] = w.p.id;
  if (form) form->fill(ctx);
  auto saved = s.workshops.answers_of(w.p.id);
  json phases = json::array();
  for (auto phase : {kPre, kPost, kSatisfaction}) {
    auto it = saved.find(std::string(phase));
    phases.push_back(phase_fields(w.t, phase, ctx, it == saved.end() ? nullptr : &it->second));
  }
  ctx["phases"] = phases;
  if (!link.empty()) ctx["link"] = link;
  ctx["notice"] = ui::notice_for(req, {{"enregistree", "L'évaluation a été enregistrée."}});
  return s.page(req, "workshops/evaluation_form", ctx, status);
}

Response show_typing(const Services& s, Request& req) {
  auto w = typing_of(s, req);
  if (!w) return Response::not_found();
  return typing_page(s, req, *w, nullptr, 200);
}

Response save_typing(const Services& s, Request& req) {
  auto w = typing_of(s, req);
  if (!w) return Response::not_found();
  ui::Form form(req);
  auto in = read_answers(form, w->t, {kPre, kPost, kSatisfaction}, true);
  auto r = s.workshops.record_answers(access::session_of(req), w->p.id, in);
  if (!r.ok()) return Response::not_found();
  if (!r->empty()) {
    for (const auto& m : *r) form.fail(m);
    return typing_page(s, req, *w, &form, 422);
  }
  return Response::redirect("/participations-atelier/" + w->p.id + "/evaluation?enregistree=1");
}

// A link for one participant, shown once on the page (to read out, or open on their phone).
Response make_link(const Services& s, Request& req) {
  auto w = typing_of(s, req);
  if (!w) return Response::not_found();
  ui::Form form(req);
  auto l = s.workshops.issue_link(access::session_of(req), w->p.id, form.text("moment"));
  if (!l.ok()) {
    if (l.error().kind == ErrorKind::kNotFound) return Response::not_found();
    form.fail(l.error());
    return typing_page(s, req, *w, &form, 422);
  }
  std::string url = s.base_url + "/questionnaire-atelier/" + l->token;
  auto r = typing_page(s, req, *w, nullptr, 200, url);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response send_links(const Services& s, Request& req) {
  std::string moment = req.form.get("moment");
  auto r = s.workshops.send_links(access::session_of(req), req.param("id"), moment);
  if (!r.ok()) {
    if (r.error().kind == ErrorKind::kNotFound) return Response::not_found();
    return Response::error(http::status_of(r.error().kind), r.error().message);
  }
  return Response::redirect("/seances-atelier/" + req.param("id") +
                            "?questionnaires=" + std::to_string(r->sent) +
                            "&sans_email=" + std::to_string(r->without_email));
}

// ---- the participant's page (no account) -----------------------------------------------------

json questionnaire_context(const LinkForm& f, const std::string& token, ui::Form* form) {
  json ctx = {{"title", "Questionnaire de l'atelier"}, {"token", token}};
  switch (f.state) {
    case access::LinkState::kOpen: {
      ctx["open"] = true;
      ctx["workshop"] = f.title;
      ctx["when"] = dates::french_datetime(f.starts_at, f.zone);
      ctx["session_id"] = f.session_id;
      if (form) form->fill(ctx);
      Template t;
      t.objectives = f.objectives;
      json phases = json::array();
      for (auto phase : f.moment == kStart ? std::vector<std::string_view>{kPre}
                                           : std::vector<std::string_view>{kSatisfaction, kPost}) {
        phases.push_back(phase_fields(t, phase, ctx, nullptr));
      }
      ctx["phases"] = phases;
      break;
    }
    case access::LinkState::kExpired:
      ctx["expired"] = true;
      break;
    case access::LinkState::kUsed:
      ctx["used"] = true;
      break;
    default:
      ctx["unknown"] = true;
  }
  return ctx;
}

bool dead(const LinkForm& f) {
  return f.state == access::LinkState::kUnknown || f.state == access::LinkState::kRevoked;
}

Response questionnaire(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  auto f = s.workshops.open_link(token);
  return access::link_page(s.renderer, req, "workshops/questionnaire",
                           questionnaire_context(f, token, nullptr), dead(f) ? 404 : 200);
}

Response answer_questionnaire(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  auto f = s.workshops.open_link(token);
  ui::Form form(req);
  Template t;
  t.objectives = f.objectives;
  auto in = read_answers(form, t,
                         f.moment == kStart ? std::vector<std::string_view>{kPre}
                                            : std::vector<std::string_view>{kSatisfaction, kPost},
                         false);
  auto r = s.workshops.answer_link(token, form.text("session"), in);
  if (r.ok() && r->empty()) {
    json ctx = {{"title", "Merci"}, {"answered", true}};
    return access::link_page(s.renderer, req, "workshops/questionnaire", ctx, 200);
  }
  if (r.ok()) {
    for (const auto& m : *r) form.fail(m);
    return access::link_page(s.renderer, req, "workshops/questionnaire",
                             questionnaire_context(f, token, &form), 422);
  }
  auto now = s.workshops.open_link(token);
  json ctx = questionnaire_context(now, token, nullptr);
  if (now.state == access::LinkState::kOpen) {  // a form of another session: refused
    ctx = {{"title", "Questionnaire de l'atelier"}, {"unknown", true}};
  }
  return access::link_page(s.renderer, req, "workshops/questionnaire", ctx, dead(now) ? 404 : 409);
}

}  // namespace

void register_evaluation_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  auto secret = http::Permission::public_access("workshop questionnaire link, secret token");
  router.add_all({
      {kGet, "/participations-atelier/{id}/evaluation", kPathwayWrite, http::on(s, show_typing)},
      {kPost, "/participations-atelier/{id}/evaluation", kPathwayWrite, http::on(s, save_typing)},
      {kPost, "/participations-atelier/{id}/lien", kPathwayWrite, http::on(s, make_link)},
      {kPost, "/seances-atelier/{id}/questionnaires", kPathwayWrite, http::on(s, send_links)},
      {kGet, "/questionnaire-atelier/{token}", secret, http::on(s, questionnaire)},
      {kPost, "/questionnaire-atelier/{token}", secret, http::on(s, answer_questionnaire)},
  });
}

}  // namespace jalon::workshops
