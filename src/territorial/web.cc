#include "territorial/web.h"

#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/roles.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "territorial/export.h"
#include "ui/page.h"
#include "ui/pdf.h"

namespace jalon::territorial {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string day_of(Millis ms) {
  return dates::french(dates::local_date(ms));
}

// The version asked for in ?version= (0: the latest).
int version_of(const Request& req) {
  return std::max(0, text::to_int(req.query.get("version"), 0));
}

Response attachment(std::string body, const std::string& type, const std::string& filename) {
  Response r;
  r.body = std::move(body);
  r.set_header("Content-Type", type);
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

bool can_write(const Request& req) {
  return access::role_has(access::session_of(req).role, access::capability::kTerritoriesWrite);
}

// The figures grouped by the note section they belong to.
json figure_groups(const Indicators& in) {
  json groups = json::array();
  auto figs = figures(in);
  for (const auto& sec : note_sections()) {
    json list = json::array();
    for (const auto& f : figs) {
      if (f.section == sec.code) list.push_back(figure_view(f));
    }
    if (!list.empty()) {
      groups.push_back({{"code", sec.code}, {"title", sec.title}, {"figures", list}});
    }
  }
  return groups;
}

// The dashboard of a territory (GET, and a failed note creation with its form).
Response dashboard_page(const WebServices& svc, const Request& req, ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  auto in = svc.notes.indicators().compute(s.structure_id, req.param("id"));
  if (!in) return Response::not_found();
  json strengths = json::array(), weaknesses = json::array();
  for (const auto& f : findings(*in)) (f.strength ? strengths : weaknesses).push_back(f.text);
  json notes = json::array();
  for (const auto& n : svc.notes.list(s.structure_id, in->territory_id)) {
    notes.push_back({{"id", n.id}, {"title", n.title}, {"version", n.version}});
  }
  json ctx = {{"title", "Diagnostic — " + in->territory_name},
              {"nav", "territories"},
              {"id", in->territory_id},
              {"name", in->territory_name},
              {"communes", fr_int(in->communes)},
              {"population", fr_int(in->population)},
              {"groups", figure_groups(*in)},
              {"strengths", strengths},
              {"weaknesses", weaknesses},
              {"notes", notes},
              {"has_notes", !notes.empty()},
              {"can_write", can_write(req)},
              {"values", {{"title", "Diagnostic territorial — " + in->territory_name}}}};
  if (form) form->fill(ctx);
  return ui::page_response(svc.renderer, req, "territorial/dashboard", ctx, status);
}

Response dashboard(const WebServices& svc, Request& req) {
  return dashboard_page(svc, req, nullptr, 200);
}

Response create_note(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  ui::Form form(req);
  auto id = svc.notes.create(s.structure_id, s.user_id, req.param("id"), form.text("title"));
  if (!id) {
    if (id.error().kind == ErrorKind::kNotFound) return Response::not_found();
    form.fail(id.error());
    return dashboard_page(svc, req, &form, 422);
  }
  return Response::redirect("/notes-territoriales/" + *id + "?cree=1");
}

// A section of the editor with the figures it may keep (its own and those it kept).
json editor_section(const Note& n, const SectionContent& sec) {
  json figs = json::array();
  for (const auto& f : n.figures) {
    bool kept = std::find(sec.figures.begin(), sec.figures.end(), f.key) != sec.figures.end();
    if (f.section != sec.code && !kept) continue;
    figs.push_back({{"key", f.key}, {"title", f.title}, {"section", sec.code}, {"kept", kept}});
  }
  return {{"code", sec.code},
          {"title", sec.title},
          {"text", sec.text},
          {"figures", figs},
          {"has_figures", !figs.empty()}};
}

// The note editor (GET, and a failed save with its form).
Response editor_page(const WebServices& svc, const Request& req, const Note& n, ui::Form* form,
                     int status, const std::string& notice) {
  bool latest = n.version == n.current_version;
  json sections = json::array();
  for (const auto& sec : n.sections) sections.push_back(editor_section(n, sec));
  json versions = json::array();
  for (const auto& v : n.versions) {
    versions.push_back(
        {{"version", v.version}, {"saved_on", day_of(v.saved_at)}, {"saved_by", v.saved_by}});
  }
  json ctx = note_context(n, false);
  ctx.update({{"title", n.title},
              {"nav", "territories"},
              {"id", n.id},
              {"territory_id", n.territory_id},
              {"territory", n.territory_name},
              {"latest", latest},
              {"outdated_method", n.outdated_method()},
              {"can_write", can_write(req)},
              {"versions", versions}});
  if (latest) ctx["sections"] = sections;
  if (form) form->fill(ctx);
  if (!notice.empty()) ctx["notice"] = notice;
  return ui::page_response(svc.renderer, req, "territorial/note_edit", ctx, status);
}

// The note of {id} in the caller's structure, at ?version= when `versioned`.
Result<Note> note_of(const WebServices& svc, const Request& req, bool versioned) {
  return svc.notes.get(access::session_of(req).structure_id, req.param("id"),
                       versioned ? version_of(req) : 0);
}

// The caller's autosaved draft over the latest version it was typed on, with the notice saying
// so; nothing when there is none.
std::string restore_draft(const WebServices& svc, const Request& req, Note& n) {
  if (n.version != n.current_version || !can_write(req)) return {};
  auto d = svc.drafts().get(access::session_of(req), n.id, n.current_version);
  if (!d || d->saved_at <= n.saved_at) return {};
  n.title = d->title;
  for (auto& sec : n.sections) {
    if (d->texts.count(sec.code)) sec.text = d->texts[sec.code];
  }
  return "Votre brouillon du " + day_of(d->saved_at) + " à " + dates::local_hhmm(d->saved_at) +
         " a été repris : enregistrez une nouvelle version pour le garder.";
}

Response note_editor(const WebServices& svc, Request& req) {
  auto n = note_of(svc, req, true);
  if (!n) return Response::not_found();
  if (std::string restored = restore_draft(svc, req, *n); !restored.empty()) {
    return editor_page(svc, req, *n, nullptr, 200, restored);
  }
  return editor_page(
      svc, req, *n, nullptr, 200,
      ui::notice_for(req, {{"cree", "La note a été créée à partir du diagnostic."},
                           {"enregistre", "Nouvelle version enregistrée."},
                           {"recalcule",
                            "Nouvelle version enregistrée avec les chiffres "
                            "recalculés selon la méthode corrigée ; les sections « "
                            "Marché du travail » et « Forces et faiblesses » ont été "
                            "réécrites à partir de ces chiffres. Les versions "
                            "précédentes restent consultables."}}));
}

Response save_note(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto n = note_of(svc, req, false);
  if (!n) return Response::not_found();
  ui::Form form(req);
  NoteEdit edit;
  edit.title = form.text("title");
  edit.base_version = text::to_int(req.form.get("base_version"), 0);
  edit.refresh_figures = form.checked("refresh");
  for (const auto& sec : note_sections()) {
    std::string code(sec.code);
    edit.texts[code] = req.form.get("text_" + code);
    for (const auto& v : req.form.all("keep_" + code)) edit.kept[code].insert(v);
  }
  auto v = svc.notes.save(s.structure_id, s.user_id, n->id, edit);
  if (!v) {
    form.fail(v.error());
    // Redisplay what was typed on top of the stored version.
    Note shown = *n;
    shown.title = edit.title;
    for (auto& sec : shown.sections) {
      sec.text = edit.texts[sec.code];
      sec.figures.assign(edit.kept[sec.code].begin(), edit.kept[sec.code].end());
    }
    return editor_page(svc, req, shown, &form, http::status_of(v.error().kind), "");
  }
  svc.drafts().discard(s, n->id);
  return Response::redirect("/notes-territoriales/" + n->id + "?enregistre=1");
}

// A new version of a note whose figures came from an earlier method: the same title, texts and
// kept figures, the figures recomputed, and the sections carrying BMO numbers redrafted.
Response recompute_note(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto n = note_of(svc, req, false);
  if (!n) return Response::not_found();
  NoteEdit edit;
  edit.title = n->title;
  edit.base_version = text::to_int(req.form.get("base_version"), 0);
  edit.refresh_figures = true;
  edit.redraft_figure_texts = true;
  for (const auto& sec : n->sections) {
    edit.texts[sec.code] = sec.text;
    edit.kept[sec.code].insert(sec.figures.begin(), sec.figures.end());
  }
  auto v = svc.notes.save(s.structure_id, s.user_id, n->id, edit);
  if (!v) {
    ui::Form form(req);
    form.fail(v.error());
    return editor_page(svc, req, *n, &form, http::status_of(v.error().kind), "");
  }
  return Response::redirect("/notes-territoriales/" + n->id + "?recalcule=1");
}

// POST /notes-territoriales/{id}/brouillon (autosave.js): the typed title and texts kept as the
// caller's draft. Answers {saved_at, message} or a problem document.
Response autosave_note(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  NoteDraft d;
  d.base_version = text::to_int(req.form.get("base_version"), 0);
  d.title = text::trim(req.form.get("title"));
  for (const auto& sec : note_sections()) {
    std::string code(sec.code);
    if (req.form.has("text_" + code)) d.texts[code] = req.form.get("text_" + code);
  }
  auto at = svc.drafts().save(s, req.param("id"), d);
  if (!at) return http::problem(at.error(), req);
  std::string hhmm = dates::local_hhmm(*at);
  return Response::json(
      json{{"saved_at", hhmm}, {"message", "Brouillon enregistré à " + hhmm}}.dump());
}

Response note_preview(const WebServices& svc, Request& req) {
  auto n = note_of(svc, req, true);
  if (!n) return Response::not_found();
  json ctx = note_context(*n, false);
  ctx.update({{"nav", "territories"}, {"id", n->id}, {"territory_id", n->territory_id}});
  return ui::page_response(svc.renderer, req, "territorial/note_view", ctx);
}

Response note_pdf_file(const WebServices& svc, Request& req) {
  auto n = note_of(svc, req, true);
  if (!n) return Response::not_found();
  auto pdf = note_pdf(svc.renderer, *n);
  if (!pdf) return ui::export_unavailable(pdf.error());
  return attachment(std::move(*pdf), "application/pdf",
                    "note-territoriale-v" + std::to_string(n->version) + ".pdf");
}

Response note_docx_file(const WebServices& svc, Request& req) {
  auto n = note_of(svc, req, true);
  if (!n) return Response::not_found();
  auto docx = note_docx(svc.renderer, *n);
  if (!docx) return Response::error(503, docx.error().message);
  return attachment(std::move(*docx),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "note-territoriale-v" + std::to_string(n->version) + ".docx");
}

Response indicators_api(const WebServices& svc, Request& req) {
  auto in = svc.notes.indicators().compute(access::session_of(req).structure_id, req.param("id"));
  if (!in) return http::problem(in.error(), req);
  json j = indicators_json(*in);
  json found = json::array();
  for (const auto& f : findings(*in)) {
    found.push_back({{"kind", f.strength ? "force" : "faiblesse"}, {"text", f.text}});
  }
  j["findings"] = found;
  return Response::json(j.dump());
}

}  // namespace

void register_routes(http::Router& router, const WebServices& svc) {
  using enum http::Method;
  using access::kTerritoriesRead, access::kTerritoriesWrite;
  router.add_all({
      {kGet, "/territoires/{id}/diagnostic", kTerritoriesRead, http::on(svc, dashboard)},
      {kPost, "/territoires/{id}/notes", kTerritoriesWrite, http::on(svc, create_note)},
      {kGet, "/notes-territoriales/{id}", kTerritoriesRead, http::on(svc, note_editor)},
      {kPost, "/notes-territoriales/{id}", kTerritoriesWrite, http::on(svc, save_note)},
      {kPost, "/notes-territoriales/{id}/brouillon", kTerritoriesWrite,
       http::on(svc, autosave_note)},
      {kPost, "/notes-territoriales/{id}/recalcul", kTerritoriesWrite,
       http::on(svc, recompute_note)},
      {kGet, "/notes-territoriales/{id}/apercu", kTerritoriesRead, http::on(svc, note_preview)},
      {kGet, "/notes-territoriales/{id}/pdf", kTerritoriesRead, http::on(svc, note_pdf_file)},
      {kGet, "/notes-territoriales/{id}/docx", kTerritoriesRead, http::on(svc, note_docx_file)},
      {kGet, "/api/v1/territories/{id}/indicators", kTerritoriesRead,
       http::on(svc, indicators_api)},
  });
}

}  // namespace jalon::territorial
