// The referentials' pages: the ROME browser and fiche, the ROME picker's fragment, and the
// structure's territories. The pickers (communes, areas) read the JSON API (api.cc) from
// web/static/js/pickers.js; without scripts the same fields take typed names.
#include "referentials/web.h"

#include <nlohmann/json.hpp>

#include <map>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/text.h"
#include "http/json_api.h"
#include "referentials/communes.h"
#include "referentials/rome_fiche.h"
#include "referentials/rome_search.h"
#include "ui/page.h"
#include "ui/wording.h"

namespace jalon::referentials {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxCommuneLines = 2000;
constexpr std::size_t kShownCommunes = 200;

json rome_match_json(const RomeMatch& m) {
  return {{"code", m.code},
          {"label", m.label},
          {"appellation_code", m.appellation_code},
          {"appellation_label", m.appellation_label},
          {"has_appellation", !m.appellation_code.empty()}};
}

json mobilities_json(const std::vector<RomeMobility>& list) {
  json out = json::array();
  for (const auto& m : list) {
    out.push_back({{"kind", m.kind == MobilityKind::kClose ? "proche" : "evolution"},
                   {"kind_label", mobility_label(m.kind)},
                   {"code", m.other.code},
                   {"label", m.other.label},
                   {"appellation", m.appellation},
                   {"other_appellation", m.other_appellation}});
  }
  return out;
}

json items_json(const std::vector<RomeItem>& items, bool core) {
  json out = json::array();
  for (const auto& i : items) {
    if (i.core == core) out.push_back({{"code", i.code}, {"label", i.label}});
  }
  return out;
}

json paragraphs(const std::vector<std::string>& ps) {
  json out = json::array();
  for (const auto& p : ps) out.push_back(p);
  return out;
}

// Kinds as radio buttons, `chosen` checked.
json kind_options(const std::string& chosen) {
  json out = json::array();
  for (auto k :
       {TerritoryKind::kEpci, TerritoryKind::kEmploymentBasin, TerritoryKind::kEmploymentZone,
        TerritoryKind::kDepartement, TerritoryKind::kRegion, TerritoryKind::kCustom}) {
    std::string code(territory_kind_code(k));
    out.push_back({{"code", code},
                   {"label", territory_kind_label(k)},
                   {"id", "kind-" + code},
                   {"checked", code == chosen}});
  }
  return out;
}

// The area a person typed when the picker's script did not set its code: the one area whose
// name or code fits, or an exact name among several.
Result<std::string> typed_area(store::Database& db, TerritoryKind kind, const std::string& typed) {
  if (text::trim(typed).empty()) {
    return Error::invalid("Choisissez la zone dans la liste (tapez le début de son nom).", "area");
  }
  auto found = find_areas(db, kind, typed, kAreaSearchMaxResults);
  if (found.empty()) {
    return Error::invalid("Aucune zone de ce type ne correspond à « " + typed + " ».", "area");
  }
  if (found.size() == 1) return found.front().code;
  for (const auto& a : found) {
    if (text::fold(a.name) == text::fold(typed) || a.code == typed) return a.code;
  }
  std::string list;
  for (std::size_t i = 0; i < found.size() && i < 4; ++i) {
    list += (i ? ", " : "") + found[i].name + " (" + found[i].code + ")";
  }
  return Error::invalid("« " + typed + " » correspond à plusieurs zones (" + list + ") : précisez.",
                        "area");
}

struct CommuneRow {
  std::string code, name, departement;
  std::optional<int64_t> population;
};

std::vector<CommuneRow> territory_communes(store::Database& db, const std::string& id) {
  auto tx = db.read();
  std::vector<CommuneRow> out;
  for (const auto& r :
       tx.query("SELECT c.code, c.name, c.departement_code, c.population FROM territory_communes t "
                "JOIN communes c ON c.code = t.commune_code WHERE t.territory_id = ? "
                "ORDER BY c.population DESC, c.name",
                {id})) {
    out.push_back({r.text(0), r.text(1), r.text(2),
                   r.is_null(3) ? std::nullopt : std::optional<int64_t>(r.i64(3))});
  }
  tx.commit();
  return out;
}

}  // namespace

Result<std::vector<std::string>> communes_from_lines(store::Database& db, std::string_view text) {
  std::vector<std::string> codes;
  std::size_t line_no = 0, start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = text::trim(text.substr(start, nl - start));
    start = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line_no > kMaxCommuneLines) {
      return Error::invalid("Au plus 2 000 communes : partez plutôt d'une zone.", "communes");
    }
    auto c = resolve_commune(db, line);
    if (!c.ok()) {
      return Error::invalid("Ligne " + std::to_string(line_no) + " : " + c.error().message,
                            "communes");
    }
    codes.push_back(c->code);
  }
  if (codes.empty()) {
    return Error::invalid("Indiquez au moins une commune (une par ligne).", "communes");
  }
  return codes;
}

json territory_json(const Territory& t, store::Database& db) {
  json communes = json::array();
  int64_t population = 0;
  for (const auto& c : territory_communes(db, t.id)) {
    communes.push_back({{"code", c.code},
                        {"name", c.name},
                        {"departement_code", c.departement},
                        {"population", c.population ? json(*c.population) : json(nullptr)}});
    population += c.population.value_or(0);
  }
  return {{"id", t.id},
          {"name", t.name},
          {"kind", territory_kind_code(t.kind)},
          {"area_code", t.kind == TerritoryKind::kCustom ? json(nullptr) : json(t.area_code)},
          {"population", population},
          {"communes", communes}};
}

void register_routes(http::Router& router, const WebServices& s) {
  register_pages(router, s);
  register_api(router, s);
}

namespace {

// ---- ROME -----------------------------------------------------------------------------------
Response rome_search_page(const WebServices& svc, Request& req) {
  std::string q = text::trim(req.query.get("q"));
  json ctx = {{"title", "Métiers (ROME)"}, {"nav", "rome"}, {"q", q}};
  if (q.size() > 100) {
    ctx["error"] = "La recherche ne doit pas dépasser 100 caractères.";
  } else if (!q.empty()) {
    auto matches = search_rome(svc.db, q);
    // A ROME code typed in the box opens its fiche.
    if (as_rome_code(q) && matches.size() == 1) {
      return Response::redirect("/referentiels/rome/" + matches.front().code);
    }
    json results = json::array();
    for (const auto& m : matches) results.push_back(rome_match_json(m));
    ctx["results"] = results;
    ctx["searched"] = true;
    ctx["count"] =
        ui::count_of(static_cast<long long>(results.size()), "fiche trouvée", "fiches trouvées");
    ctx["none"] = results.empty();
    ctx["title"] = "« " + q + " » — Métiers (ROME)";
  }
  return ui::page_response(svc.renderer, req, "referentials/rome_search", ctx);
}

// The ROME picker of forms: appellations matching the words typed (htmx fragment).
Response rome_appellations(const WebServices& svc, Request& req) {
  json items = json::array();
  std::string q = req.query.get("q");
  if (q.size() >= 2 && q.size() <= 100) {
    for (const auto& m : search_rome(svc.db, q, 12)) {
      if (m.appellation_code.empty()) continue;
      items.push_back({{"code", m.appellation_code},
                       {"label", m.appellation_label},
                       {"rome", m.code},
                       {"rome_label", m.label}});
    }
  }
  return Response::html(svc.renderer.render("referentials/rome_options",
                                            {{"items", items},
                                             {"has_items", !items.empty()},
                                             {"empty", items.empty() && q.size() >= 2}}));
}

Response rome_fiche_page(const WebServices& svc, Request& req) {
  auto f = rome_fiche(svc.db, req.param("code"));
  if (!f) return Response::not_found();
  json apps = json::array();
  for (const auto& a : f->appellations) apps.push_back({{"code", a.code}, {"label", a.label}});
  json envs = json::array();
  for (const auto& e : f->work_environments) {
    envs.push_back({{"label", e.label}, {"section", e.section}});
  }
  json out = mobilities_json(f->mobilities_out), in = mobilities_json(f->mobilities_in);
  json ctx = {{"title", f->code + " " + f->label + " — Métiers (ROME)"},
              {"nav", "rome"},
              {"code", f->code},
              {"label", f->label},
              {"grand_domain", f->grand_domain.label},
              {"domain", f->domain.label},
              {"riasec", f->riasec_major + f->riasec_minor},
              {"appellations", apps},
              {"knowledge_core", items_json(f->knowledge, true)},
              {"knowledge_specific", items_json(f->knowledge, false)},
              {"activities_core", items_json(f->activities, true)},
              {"activities_specific", items_json(f->activities, false)},
              {"work_environments", envs},
              {"has_environments", !envs.empty()},
              {"mobilities_out", out},
              {"has_mobilities_out", !out.empty()},
              {"mobilities_in", in},
              {"has_mobilities_in", !in.empty()},
              {"definition", paragraphs(f->definition)},
              {"access", paragraphs(f->access)},
              {"conditions", paragraphs(f->conditions)},
              {"has_conditions", !f->conditions.empty()}};
  return ui::page_response(svc.renderer, req, "referentials/rome_fiche", ctx);
}

// ---- territories ----------------------------------------------------------------------------
Response territories_page(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  json list = json::array();
  for (const auto& t : svc.territories.list(s.structure_id)) {
    list.push_back({{"id", t.id},
                    {"name", t.name},
                    {"kind_label", territory_kind_label(t.kind)},
                    {"area_code", t.area_code},
                    {"communes", t.communes}});
  }
  json ctx = {{"title", "Territoires"},
              {"nav", "territories"},
              {"territories", list},
              {"none", list.empty()},
              {"notice", req.query.has("supprime") ? "Le territoire a été supprimé." : ""}};
  if (!req.query.has("supprime")) ctx.erase("notice");
  return ui::page_response(svc.renderer, req, "referentials/territories", ctx);
}

// The new-territory form (GET, and a failed creation with its form).
Response new_form(const WebServices& svc, const Request& req, ui::Form* form,
                  const std::string& kind, int status) {
  json ctx = {{"title", "Nouveau territoire"},
              {"nav", "territories"},
              {"pickers", true},
              {"kinds", kind_options(kind.empty() ? "epci" : kind)}};
  if (form) form->fill(ctx);
  return ui::page_response(svc.renderer, req, "referentials/territory_new", ctx, status);
}

Response new_territory(const WebServices& svc, Request& req) {
  return new_form(svc, req, nullptr, "", 200);
}

// The new-territory form as typed (every field read, so a failed creation shows them again).
struct TypedTerritory {
  std::string name, kind, area, area_code, communes;
};

// Where the communes of the new territory come from: typed lines, the picked area's code, or
// the area's typed name.
Result<TerritoryDraft> draft_of(const WebServices& svc, const TypedTerritory& in,
                                TerritoryKind kind) {
  TerritoryDraft d;
  d.name = in.name;
  d.kind = kind;
  if (d.kind == TerritoryKind::kCustom) {
    auto codes = communes_from_lines(svc.db, in.communes);
    if (!codes) return codes.error();
    d.commune_codes = *codes;
  } else if (!in.area_code.empty()) {
    d.area_code = in.area_code;
  } else {
    auto code = typed_area(svc.db, d.kind, in.area);
    if (!code) return code.error();
    d.area_code = *code;
  }
  return d;
}

Response create_territory(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  ui::Form form(req);
  TypedTerritory in;
  in.name = form.text("name");
  in.kind = form.text("kind");
  in.area = form.text("area");
  in.area_code = form.text("area_code");
  in.communes = form.text("communes");
  auto kind = parse_territory_kind(in.kind);
  if (!kind) {
    form.error("kind", "Choisissez comment construire le territoire.");
    return new_form(svc, req, &form, in.kind, 422);
  }
  auto d = draft_of(svc, in, *kind);
  if (!d) {
    form.fail(d.error());
    return new_form(svc, req, &form, in.kind, 422);
  }
  auto t = svc.territories.create(s.structure_id, *d);
  if (!t) {
    Error e = t.error();
    if (e.field == "nom") e.field = "name";
    if (e.field == "code") e.field = "area";
    if (e.kind == ErrorKind::kConflict) e.field = "name";
    form.fail(e);
    return new_form(svc, req, &form, in.kind, http::status_of(e.kind));
  }
  return Response::redirect("/territoires/" + t->id + "?cree=1");
}

// A territory's page (GET, and a failed rename or communes change with its form).
Response show(const WebServices& svc, const Request& req, const Territory& t, ui::Form* form,
              int status, const std::string& notice) {
  auto rows = territory_communes(svc.db, t.id);
  int64_t population = 0;
  json communes = json::array();
  std::string lines;
  for (const auto& c : rows) {
    population += c.population.value_or(0);
    if (communes.size() < kShownCommunes) {
      communes.push_back(
          {{"code", c.code},
           {"name", c.name},
           {"departement", c.departement},
           {"population", c.population ? text::group_thousands(*c.population) : std::string("—")}});
    }
    lines += c.code + " " + c.name + "\n";
  }
  json ctx = {{"title", t.name + " — Territoires"},
              {"nav", "territories"},
              {"pickers", true},
              {"id", t.id},
              {"name", t.name},
              {"kind_label", territory_kind_label(t.kind)},
              {"area_code", t.area_code},
              {"is_custom", t.kind == TerritoryKind::kCustom},
              {"count", rows.size()},
              {"population", text::group_thousands(population)},
              {"communes", communes},
              {"more", rows.size() > kShownCommunes},
              {"hidden", rows.size() > kShownCommunes ? rows.size() - kShownCommunes : 0},
              {"values", {{"name", t.name}, {"communes", lines}}}};
  if (form) form->fill(ctx);
  if (!notice.empty()) ctx["notice"] = notice;
  return ui::page_response(svc.renderer, req, "referentials/territory", ctx, status);
}

Response territory_page(const WebServices& svc, Request& req) {
  auto t = svc.territories.get(access::session_of(req).structure_id, req.param("id"));
  if (!t) return Response::not_found();
  return show(svc, req, *t, nullptr, 200,
              ui::notice_for(req, {{"cree", "Le territoire a été créé."},
                                   {"modifie", "Le territoire a été modifié."}}));
}

Response rename_territory(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto t = svc.territories.get(s.structure_id, req.param("id"));
  if (!t) return Response::not_found();
  ui::Form form(req);
  auto r = svc.territories.rename(s.structure_id, t->id, form.text("name"));
  if (!r) {
    Error e = r.error();
    if (e.field == "nom" || e.field.empty()) e.field = "name";
    form.fail(e);
    return show(svc, req, *t, &form, http::status_of(e.kind), "");
  }
  return Response::redirect("/territoires/" + t->id + "?modifie=1");
}

Response set_communes(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto t = svc.territories.get(s.structure_id, req.param("id"));
  if (!t) return Response::not_found();
  ui::Form form(req);
  auto codes = communes_from_lines(svc.db, form.text("communes"));
  if (!codes) {
    form.fail(codes.error());
    return show(svc, req, *t, &form, 422, "");
  }
  auto r = svc.territories.set_communes(s.structure_id, t->id, *codes);
  if (!r) {
    form.fail(r.error());
    return show(svc, req, *t, &form, 422, "");
  }
  return Response::redirect("/territoires/" + t->id + "?modifie=1");
}

Response remove_territory(const WebServices& svc, Request& req) {
  auto st = svc.territories.remove(access::session_of(req).structure_id, req.param("id"));
  if (!st.ok()) return Response::not_found();
  return Response::redirect("/territoires?supprime=1");
}

}  // namespace

void register_pages(http::Router& router, const WebServices& svc) {
  using enum http::Method;
  using access::kTerritoriesRead, access::kTerritoriesWrite;
  const auto anyone = http::Permission::authenticated();
  router.add_all({
      {kGet, "/referentiels/rome", anyone, http::on(svc, rome_search_page)},
      {kGet, "/referentiels/rome/appellations", anyone, http::on(svc, rome_appellations)},
      {kGet, "/referentiels/rome/{code}", anyone, http::on(svc, rome_fiche_page)},
      {kGet, "/territoires", kTerritoriesRead, http::on(svc, territories_page)},
      {kGet, "/territoires/nouveau", kTerritoriesWrite, http::on(svc, new_territory)},
      {kPost, "/territoires/nouveau", kTerritoriesWrite, http::on(svc, create_territory)},
      {kGet, "/territoires/{id}", kTerritoriesRead, http::on(svc, territory_page)},
      {kPost, "/territoires/{id}/renommer", kTerritoriesWrite, http::on(svc, rename_territory)},
      {kPost, "/territoires/{id}/communes", kTerritoriesWrite, http::on(svc, set_communes)},
      {kPost, "/territoires/{id}/supprimer", kTerritoriesWrite, http::on(svc, remove_territory)},
  });
}

}  // namespace jalon::referentials
