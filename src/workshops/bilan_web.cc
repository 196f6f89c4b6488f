// The bilan of a session: its objectives, attendance and rates, satisfaction per objective and
// the skills' self-assessment deltas (W6, W7) with their response rates, the facilitator's
// notes, and the template's "à retravailler" review (W9). On screen with server-side SVG charts
// and their data tables, as PDF, and as DOCX (charts as PNG with the SVG inside, as the
// territorial notes do).
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "access/policy.h"
#include "core/text.h"
#include "http/json_api.h"
#include "territorial/docx_charts.h"
#include "ui/charts.h"
#include "ui/pdf.h"
#include "workshops/view.h"
#include "workshops/web.h"

namespace jalon::workshops {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string number(std::optional<double> v, bool sign = false) {
  if (!v) return "—";
  std::string s = ui::fr_number(std::round(*v * 10.0) / 10.0);
  return sign && *v > 0 ? "+" + s : s;
}

// "3 sur 6 (50 %)".
std::string answers_of(long long n, long long present) {
  std::optional<double> rate;
  if (present > 0) rate = static_cast<double>(n) / static_cast<double>(present);
  return std::to_string(n) + " sur " + std::to_string(present) + " (" + percent(rate) + ")";
}

struct Charts {
  std::string satisfaction, skills;
};

json bilan_context(const Services& s, const Request& req, const Session& x, Charts& charts) {
  const auto& se = access::session_of(req);
  auto t = s.workshops.get_template(se, x.template_id);
  SessionEvaluation ev = s.workshops.evaluation(se, x);
  json ctx = {{"title", "Bilan : " + x.title}, {"nav", "workshops"}};
  ctx["x"] = view::session_json(x, s.workshops.zone(se), req.received_at);
  if (t) ctx["t"] = view::template_json(*t);
  json objectives = json::array();
  std::vector<std::string> labels;
  ui::Series sat{"Satisfaction (%)", {}}, pre{"Avant (moyenne sur 4)", {}},
      post{"Après (moyenne sur 4)", {}};
  int n = 0;
  for (const auto& o : ev.objectives) {
    const auto& d = o.delta;
    objectives.push_back({{"n", ++n},
                          {"label", o.label},
                          {"skill", o.skill},
                          {"satisfaction", percent(o.satisfaction)},
                          {"satisfaction_answers", o.satisfaction_answers},
                          {"pre", number(d.mean_pre)},
                          {"post", number(d.mean_post)},
                          {"delta", number(d.mean_delta, true)},
                          {"improved", percent(d.improved_share)},
                          {"paired", d.paired},
                          {"excluded", d.excluded}});
    labels.push_back("Objectif " + std::to_string(n));
    sat.values.push_back(o.satisfaction ? std::round(*o.satisfaction * 1000.0) / 10.0 : 0.0);
    pre.values.push_back(d.mean_pre.value_or(0));
    post.values.push_back(d.mean_post.value_or(0));
  }
  ctx["objectives"] = objectives;
  ctx["overall"] = percent(ev.overall);
  ctx["responses"] = {{"satisfaction", answers_of(ev.satisfaction_answers, ev.present)},
                      {"pre", answers_of(ev.pre_answers, ev.present)},
                      {"post", answers_of(ev.post_answers, ev.present)}};
  ctx["comments"] = ev.comments;
  ctx["has_comments"] = !ev.comments.empty();
  bool any = ev.satisfaction_answers + ev.pre_answers + ev.post_answers > 0;
  ctx["has_answers"] = any;
  if (any && !labels.empty()) {
    std::string source = "Jalon, questionnaires de la séance (" +
                         std::to_string(ev.satisfaction_answers) + " réponses de satisfaction)";
    charts.satisfaction = ui::bar_chart("Satisfaction par objectif (%)", source, labels, {sat});
    charts.skills = ui::bar_chart("Auto-évaluation des compétences, avant et après (sur 4)",
                                  "Jalon, auto-évaluations de la séance", labels, {pre, post});
    ctx["sat_svg"] = charts.satisfaction;
    ctx["skills_svg"] = charts.skills;
  }
  if (t) {
    TemplateReview rv = s.workshops.review(se, *t);
    json flagged = json::array();
    for (const auto& o : rv.objectives) {
      if (o.rework) flagged.push_back(o.label);
    }
    ctx["rework"] = rv.rework;
    ctx["rework_objectives"] = flagged;
    ctx["threshold"] = t->rework_threshold;
  }
  return ctx;
}

Response bilan(const Services& s, Request& req) {
  auto x = s.workshops.get_session(access::session_of(req), req.param("id"));
  if (!x) return Response::not_found();
  Charts charts;
  json ctx = bilan_context(s, req, *x, charts);
  ctx["notice"] = ui::notice_for(req, {{"notes", "Les notes ont été enregistrées."}});
  return s.page(req, "workshops/bilan", ctx);
}

Response save_notes(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto x = s.workshops.get_session(se, req.param("id"));
  if (!x) return Response::not_found();
  ui::Form form(req);
  auto st = s.workshops.save_notes(se, x->id, form.text("notes"));
  if (!st.ok()) {
    form.fail(st.error());
    Charts charts;
    json ctx = bilan_context(s, req, *x, charts);
    form.fill(ctx);
    return s.page(req, "workshops/bilan", ctx, 422);
  }
  return Response::redirect("/seances-atelier/" + x->id + "/bilan?notes=1");
}

Response file(std::string body, const std::string& type, const std::string& name) {
  Response r;
  r.body = std::move(body);
  r.set_header("Content-Type", type);
  r.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response bilan_pdf(const Services& s, Request& req) {
  auto x = s.workshops.get_session(access::session_of(req), req.param("id"));
  if (!x) return Response::not_found();
  Charts charts;
  json ctx = bilan_context(s, req, *x, charts);
  auto pdf = ui::html_to_pdf(s.renderer.render("workshops/bilan_document", ctx));
  if (!pdf) return ui::export_unavailable(pdf.error());
  return file(std::move(*pdf), "application/pdf", "bilan-atelier.pdf");
}

Response bilan_docx(const Services& s, Request& req) {
  auto x = s.workshops.get_session(access::session_of(req), req.param("id"));
  if (!x) return Response::not_found();
  Charts charts;
  json ctx = bilan_context(s, req, *x, charts);
  ctx["for_docx"] = true;
  ctx.erase("sat_svg");  // pandoc gets the PNG files; the SVGs go back in afterwards
  ctx.erase("skills_svg");
  std::vector<std::pair<std::string, std::string>> files, pairs;
  for (const auto* svg : {&charts.satisfaction, &charts.skills}) {
    if (svg->empty()) continue;
    auto png = territorial::svg_to_png(*svg);
    if (!png) return ui::export_unavailable(png.error());
    files.emplace_back("figure-" + std::to_string(files.size() + 1) + ".png", *png);
    pairs.emplace_back(*png, *svg);
  }
  if (!files.empty()) {
    ctx["sat_image"] = "figure-1.png";
    ctx["skills_image"] = "figure-2.png";
  }
  auto docx = ui::html_to_docx(s.renderer.render("workshops/bilan_document", ctx), files);
  if (!docx) return ui::export_unavailable(docx.error());
  auto with_svg = territorial::add_svg_to_docx(*docx, pairs);
  if (!with_svg) return ui::export_unavailable(with_svg.error());
  return file(std::move(*with_svg),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "bilan-atelier.docx");
}

}  // namespace

void register_bilan_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/seances-atelier/{id}/bilan", kPathwayRead, http::on(s, bilan)},
      {kPost, "/seances-atelier/{id}/notes", kPathwayWrite, http::on(s, save_notes)},
      {kGet, "/seances-atelier/{id}/bilan.pdf", kPathwayRead, http::on(s, bilan_pdf)},
      {kGet, "/seances-atelier/{id}/bilan.docx", kPathwayRead, http::on(s, bilan_docx)},
  });
}

}  // namespace jalon::workshops
