#include "territorial/web.h"

#include <nlohmann/json.hpp>

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

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;

const Permission kRead = Permission::capability("territories.read");
const Permission kWrite = Permission::capability("territories.write");

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

}  // namespace

void register_routes(http::Router& router, const WebServices& svc) {
  auto dashboard = [svc](const Request& req, ui::Form* form, int status) -> Response {
    const auto& s = access::session_of(req);
    auto in = svc.notes.indicators().compute(s.structure_id, req.param("id"));
    if (!in) return Response::not_found();
    json groups = json::array();
    auto figs = figures(*in);
    for (const auto& sec : note_sections()) {
      json list = json::array();
      for (const auto& f : figs) {
        if (f.section == sec.code) list.push_back(figure_view(f));
      }
      if (!list.empty()) {
        groups.push_back({{"code", sec.code}, {"title", sec.title}, {"figures", list}});
      }
    }
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
                {"groups", groups},
                {"strengths", strengths},
                {"weaknesses", weaknesses},
                {"notes", notes},
                {"has_notes", !notes.empty()},
                {"can_write", access::role_has(s.role, "territories.write")},
                {"values", {{"title", "Diagnostic territorial — " + in->territory_name}}}};
    if (form) form->fill(ctx);
    return ui::page_response(svc.renderer, req, "territorial/dashboard", ctx, status);
  };

  router.get("/territoires/{id}/diagnostic", kRead,
             [dashboard](Request& req) { return dashboard(req, nullptr, 200); });

  router.post("/territoires/{id}/notes", kWrite, [svc, dashboard](Request& req) {
    const auto& s = access::session_of(req);
    ui::Form form(req);
    auto id = svc.notes.create(s.structure_id, s.user_id, req.param("id"), form.text("title"));
    if (!id) {
      if (id.error().kind == ErrorKind::kNotFound) return Response::not_found();
      form.fail(id.error());
      return dashboard(req, &form, 422);
    }
    return Response::redirect("/notes-territoriales/" + *id + "?cree=1");
  });

  auto editor = [svc](const Request& req, const Note& n, ui::Form* form, int status,
                      const std::string& notice) {
    bool latest = n.version == n.current_version;
    json sections = json::array();
    for (const auto& sec : n.sections) {
      json figs = json::array();
      for (const auto& f : n.figures) {
        if (f.section != sec.code &&
            std::find(sec.figures.begin(), sec.figures.end(), f.key) == sec.figures.end()) {
          continue;
        }
        bool kept = std::find(sec.figures.begin(), sec.figures.end(), f.key) != sec.figures.end();
        figs.push_back({{"key", f.key}, {"title", f.title}, {"section", sec.code}, {"kept", kept}});
      }
      sections.push_back({{"code", sec.code},
                          {"title", sec.title},
                          {"text", sec.text},
                          {"figures", figs},
                          {"has_figures", !figs.empty()}});
    }
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
                {"can_write", access::role_has(access::session_of(req).role, "territories.write")},
                {"versions", versions}});
    if (latest) ctx["sections"] = sections;
    if (form) form->fill(ctx);
    if (!notice.empty()) ctx["notice"] = notice;
    return ui::page_response(svc.renderer, req, "territorial/note_edit", ctx, status);
  };

  router.get("/notes-territoriales/{id}", kRead, [svc, editor](Request& req) {
    auto n = svc.notes.get(access::session_of(req).structure_id, req.param("id"), version_of(req));
    if (!n) return Response::not_found();
    return editor(req, *n, nullptr, 200,
                  ui::notice_for(req, {{"cree", "La note a été créée à partir du diagnostic."},
                                       {"enregistre", "Nouvelle version enregistrée."},
                                       {"recalcule",
                                        "Nouvelle version enregistrée avec les chiffres recalculés "
                                        "selon la méthode corrigée ; les sections « Marché du "
                                        "travail » et « Forces et faiblesses » ont été réécrites à "
                                        "partir de ces chiffres. Les versions précédentes restent "
                                        "consultables."}}));
  });

  router.post("/notes-territoriales/{id}", kWrite, [svc, editor](Request& req) {
    const auto& s = access::session_of(req);
    auto n = svc.notes.get(s.structure_id, req.param("id"));
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
      return editor(req, shown, &form, v.error().kind == ErrorKind::kConflict ? 409 : 422, "");
    }
    return Response::redirect("/notes-territoriales/" + n->id + "?enregistre=1");
  });

  // A new version of a note whose figures came from an earlier method: the same title, texts and
  // kept figures, the figures recomputed, and the sections carrying BMO numbers redrafted.
  router.post("/notes-territoriales/{id}/recalcul", kWrite, [svc, editor](Request& req) {
    const auto& s = access::session_of(req);
    auto n = svc.notes.get(s.structure_id, req.param("id"));
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
      return editor(req, *n, &form, v.error().kind == ErrorKind::kConflict ? 409 : 422, "");
    }
    return Response::redirect("/notes-territoriales/" + n->id + "?recalcule=1");
  });

  router.get("/notes-territoriales/{id}/apercu", kRead, [svc](Request& req) {
    auto n = svc.notes.get(access::session_of(req).structure_id, req.param("id"), version_of(req));
    if (!n) return Response::not_found();
    json ctx = note_context(*n, false);
    ctx.update({{"nav", "territories"}, {"id", n->id}, {"territory_id", n->territory_id}});
    return ui::page_response(svc.renderer, req, "territorial/note_view", ctx);
  });

  router.get("/notes-territoriales/{id}/pdf", kRead, [svc](Request& req) {
    auto n = svc.notes.get(access::session_of(req).structure_id, req.param("id"), version_of(req));
    if (!n) return Response::not_found();
    auto pdf = note_pdf(svc.renderer, *n);
    if (!pdf) return ui::export_unavailable(pdf.error());
    return attachment(std::move(*pdf), "application/pdf",
                      "note-territoriale-v" + std::to_string(n->version) + ".pdf");
  });

  router.get("/notes-territoriales/{id}/docx", kRead, [svc](Request& req) {
    auto n = svc.notes.get(access::session_of(req).structure_id, req.param("id"), version_of(req));
    if (!n) return Response::not_found();
    auto docx = note_docx(svc.renderer, *n);
    if (!docx) return Response::error(503, docx.error().message);
    return attachment(std::move(*docx),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      "note-territoriale-v" + std::to_string(n->version) + ".docx");
  });

  router.get("/api/v1/territories/{id}/indicators", kRead, [svc](Request& req) {
    auto in = svc.notes.indicators().compute(access::session_of(req).structure_id, req.param("id"));
    if (!in) return http::problem(in.error(), req);
    json j = indicators_json(*in);
    json found = json::array();
    for (const auto& f : findings(*in)) {
      found.push_back({{"kind", f.strength ? "force" : "faiblesse"}, {"text", f.text}});
    }
    j["findings"] = found;
    return Response::json(j.dump());
  });
}

}  // namespace jalon::territorial
