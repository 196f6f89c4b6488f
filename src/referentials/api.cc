// The JSON API of the referentials (/api/v1/…), described in web/static/openapi.json: ROME
// search and fiches, communes (search, detail with their areas, distances, neighbours), areas
// to build territories from, and the structure's territories. Open data is readable by any
// signed-in user; territories belong to the caller's structure.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/text.h"
#include "http/json_api.h"
#include "referentials/communes.h"
#include "referentials/rome_fiche.h"
#include "referentials/rome_search.h"
#include "referentials/web.h"

namespace jalon::referentials {
namespace {

using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

json commune_json(const CommuneSummary& c) {
  return {{"code", c.code},
          {"name", c.name},
          {"departement_code", c.departement_code},
          {"postcodes", c.postcodes},
          {"population", c.population ? json(*c.population) : json(nullptr)}};
}

json area_json(const AreaRef& a) {
  if (a.code.empty()) return nullptr;
  return {{"code", a.code}, {"name", a.name}};
}

json fiche_json(const RomeFiche& f) {
  auto mobilities = [](const std::vector<RomeMobility>& list) {
    json out = json::array();
    for (const auto& m : list) {
      out.push_back({{"kind", m.kind == MobilityKind::kClose ? "close" : "evolution"},
                     {"code", m.other.code},
                     {"label", m.other.label},
                     {"appellation", m.appellation},
                     {"other_appellation", m.other_appellation}});
    }
    return out;
  };
  auto items = [](const std::vector<RomeItem>& list) {
    json out = json::array();
    for (const auto& i : list)
      out.push_back({{"code", i.code}, {"label", i.label}, {"core", i.core}});
    return out;
  };
  json apps = json::array();
  for (const auto& a : f.appellations) {
    apps.push_back({{"code", a.code}, {"label", a.label}, {"short_label", a.short_label}});
  }
  json envs = json::array();
  for (const auto& e : f.work_environments) {
    envs.push_back({{"code", e.code}, {"label", e.label}, {"section", e.section}});
  }
  return {{"code", f.code},
          {"label", f.label},
          {"grand_domain", {{"code", f.grand_domain.code}, {"label", f.grand_domain.label}}},
          {"domain", {{"code", f.domain.code}, {"label", f.domain.label}}},
          {"riasec", {{"major", f.riasec_major}, {"minor", f.riasec_minor}}},
          {"appellations", apps},
          {"knowledge", items(f.knowledge)},
          {"activities", items(f.activities)},
          {"work_environments", envs},
          {"mobilities_out", mobilities(f.mobilities_out)},
          {"mobilities_in", mobilities(f.mobilities_in)},
          {"definition", f.definition},
          {"access", f.access},
          {"conditions", f.conditions}};
}

// A search's `q`: 2 to 100 characters.
Result<std::string> query_words(const Request& req) {
  std::string q = text::trim(req.query.get("q"));
  if (q.size() < 2 || q.size() > 100) {
    return Error::invalid("q : de 2 à 100 caractères", "q");
  }
  return q;
}

int limit_of(const Request& req, int max) {
  if (!req.query.has("limit")) return max;
  return std::clamp(text::to_int(req.query.get("limit"), max), 1, max);
}

// A territory body: {name, kind, area_code} or {name, kind: "communes", communes: [codes]}.
Result<TerritoryDraft> draft_of(const json& j) {
  http::JsonFields f(j);
  TerritoryDraft d;
  d.name = f.string("name");
  d.area_code = f.string("area_code");
  std::string kind_code = f.string("kind");
  if (f.error()) return *f.error();
  auto kind = parse_territory_kind(kind_code);
  if (!kind) {
    return Error::invalid(
        "kind : epci, zone-emploi, bassin-emploi, departement, region ou communes", "kind");
  }
  d.kind = *kind;
  if (d.kind == TerritoryKind::kCustom) {
    d.area_code.clear();
    if (!j.contains("communes") || !j["communes"].is_array() || j["communes"].empty()) {
      return Error::invalid("communes : la liste des codes INSEE des communes", "communes");
    }
    for (const auto& c : j["communes"]) {
      if (!c.is_string()) return Error::invalid("communes : des codes INSEE (texte)", "communes");
      d.commune_codes.push_back(c.get<std::string>());
    }
  } else {
    if (d.area_code.empty()) return Error::invalid("area_code : le code de la zone", "area_code");
  }
  return d;
}

// ---- open data ------------------------------------------------------------------------------
Response rome_search(const WebServices& svc, Request& req) {
  auto q = query_words(req);
  if (!q) return problem(q.error(), req);
  json items = json::array();
  for (const auto& m : search_rome(svc.db, *q, limit_of(req, kRomeSearchMaxResults))) {
    items.push_back({{"code", m.code},
                     {"label", m.label},
                     {"appellation_code",
                      m.appellation_code.empty() ? json(nullptr) : json(m.appellation_code)},
                     {"appellation_label",
                      m.appellation_label.empty() ? json(nullptr) : json(m.appellation_label)}});
  }
  return http::items_response(items);
}

Response rome_fiche_doc(const WebServices& svc, Request& req) {
  auto f = rome_fiche(svc.db, req.param("code"));
  if (!f) return problem(f.error(), req);
  return Response::json(fiche_json(*f).dump());
}

Response communes_search(const WebServices& svc, Request& req) {
  auto q = query_words(req);
  if (!q) return problem(q.error(), req);
  json items = json::array();
  for (const auto& c : find_communes(svc.db, *q, limit_of(req, kCommuneSearchMaxResults))) {
    items.push_back(commune_json(c));
  }
  return http::items_response(items);
}

Response commune_doc(const WebServices& svc, Request& req) {
  auto d = commune_detail(svc.db, req.param("code"));
  if (!d) return problem(d.error(), req);
  json j = commune_json(d->commune);
  j["kind"] = d->kind;
  j["parent_code"] = d->parent_code.empty() ? json(nullptr) : json(d->parent_code);
  j["epci"] = area_json(d->epci);
  j["departement"] = area_json(d->departement);
  j["region"] = area_json(d->region);
  j["employment_zone"] = area_json(d->employment_zone);
  j["employment_basin"] = area_json(d->employment_basin);
  j["centroid"] =
      d->centroid ? json{{"latitude", d->centroid->latitude}, {"longitude", d->centroid->longitude}}
                  : json(nullptr);
  return Response::json(j.dump());
}

Response commune_distance(const WebServices& svc, Request& req) {
  std::string to = req.query.get("to");
  if (to.empty())
    return problem(Error::invalid("to : le code INSEE de l'autre commune", "to"), req);
  auto km = distance_km(svc.db, req.param("code"), to);
  if (!km) return problem(km.error(), req);
  return Response::json(
      json{{"from", req.param("code")}, {"to", to}, {"km", std::round(*km * 100) / 100}}.dump());
}

// A radius in km ("8", "2.5"); -1 when it is not a number (communes_within refuses it).
double radius_of(const std::string& typed) {
  char* end = nullptr;
  double v = std::strtod(typed.c_str(), &end);
  return typed.empty() || end == typed.c_str() ? -1 : v;
}

Response communes_nearby(const WebServices& svc, Request& req) {
  double radius = radius_of(req.query.get("radius_km"));
  auto list = communes_within(svc.db, req.param("code"), radius);
  if (!list) {
    Error e = list.error();
    if (e.field == "rayon") e.field = "radius_km";
    return problem(e, req);
  }
  json items = json::array();
  for (const auto& c : *list) {
    items.push_back({{"code", c.code}, {"name", c.name}, {"km", std::round(c.km * 100) / 100}});
  }
  return Response::json(json{{"radius_km", radius}, {"items", items}}.dump());
}

Response areas_search(const WebServices& svc, Request& req) {
  auto kind = parse_territory_kind(req.query.get("kind"));
  if (!kind || *kind == TerritoryKind::kCustom) {
    return problem(
        Error::invalid("kind : epci, zone-emploi, bassin-emploi, departement ou region", "kind"),
        req);
  }
  std::string q = text::trim(req.query.get("q"));
  if (q.empty() || q.size() > 100) {
    return problem(Error::invalid("q : de 1 à 100 caractères", "q"), req);
  }
  json items = json::array();
  for (const auto& a : find_areas(svc.db, *kind, q, limit_of(req, kAreaSearchMaxResults))) {
    items.push_back({{"code", a.code}, {"name", a.name}});
  }
  return http::items_response(items);
}

// ---- territories ----------------------------------------------------------------------------
Response territories_list(const WebServices& svc, Request& req) {
  json items = json::array();
  for (const auto& t : svc.territories.list(access::session_of(req).structure_id)) {
    items.push_back({{"id", t.id},
                     {"name", t.name},
                     {"kind", territory_kind_code(t.kind)},
                     {"area_code", t.area_code.empty() ? json(nullptr) : json(t.area_code)},
                     {"communes", t.communes}});
  }
  return http::items_response(items);
}

Response territory_create(const WebServices& svc, Request& req) {
  json body;
  if (!http::json_object_body(req, body)) return http::bad_body(req);
  auto d = draft_of(body);
  if (!d) return problem(d.error(), req);
  auto t = svc.territories.create(access::session_of(req).structure_id, *d);
  if (!t) {
    Error e = t.error();
    if (e.field == "nom") e.field = "name";
    if (e.field == "code") e.field = "area_code";
    return problem(e, req);
  }
  return Response::json(territory_json(*t, svc.db).dump(), 201);
}

Response territory_doc(const WebServices& svc, Request& req) {
  auto t = svc.territories.get(access::session_of(req).structure_id, req.param("id"));
  if (!t) return problem(t.error(), req);
  return Response::json(territory_json(*t, svc.db).dump());
}

// The communes of a PATCH body, when it has them: a list of INSEE codes.
Result<std::optional<std::vector<std::string>>> patched_communes(const json& body) {
  std::optional<std::vector<std::string>> codes;
  if (!body.contains("communes")) return codes;
  if (!body["communes"].is_array()) {
    return Error::invalid("communes : une liste de codes INSEE", "communes");
  }
  codes.emplace();
  for (const auto& c : body["communes"]) {
    if (!c.is_string()) return Error::invalid("communes : des codes INSEE (texte)", "communes");
    codes->push_back(c.get<std::string>());
  }
  return codes;
}

Response territory_patch(const WebServices& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto t = svc.territories.get(s.structure_id, req.param("id"));
  if (!t) return problem(t.error(), req);
  json body;
  if (!http::json_object_body(req, body)) return http::bad_body(req);
  // Name and communes change together or not at all (one transaction): a malformed list, an
  // unknown commune or a name already taken leaves the territory as it was.
  auto codes = patched_communes(body);
  if (!codes) return problem(codes.error(), req);
  http::JsonFields f(body);
  std::optional<std::string> name;
  if (body.contains("name")) name = f.string("name");
  if (f.error()) return problem(*f.error(), req);
  auto r = svc.territories.update(s.structure_id, t->id, name, *codes);
  if (!r) {
    Error e = r.error();
    if (e.field == "nom") e.field = "name";
    return problem(e, req);
  }
  return Response::json(territory_json(*r, svc.db).dump());
}

Response territory_delete(const WebServices& svc, Request& req) {
  auto st = svc.territories.remove(access::session_of(req).structure_id, req.param("id"));
  if (!st.ok()) return problem(st.error(), req);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

void register_api(http::Router& router, const WebServices& svc) {
  using enum http::Method;
  using access::kTerritoriesRead, access::kTerritoriesWrite;
  const auto anyone = http::Permission::authenticated();
  router.add_all({
      {kGet, "/api/v1/rome", anyone, http::on(svc, rome_search)},
      {kGet, "/api/v1/rome/{code}", anyone, http::on(svc, rome_fiche_doc)},
      {kGet, "/api/v1/communes", anyone, http::on(svc, communes_search)},
      {kGet, "/api/v1/communes/{code}", anyone, http::on(svc, commune_doc)},
      {kGet, "/api/v1/communes/{code}/distance", anyone, http::on(svc, commune_distance)},
      {kGet, "/api/v1/communes/{code}/nearby", anyone, http::on(svc, communes_nearby)},
      {kGet, "/api/v1/areas", anyone, http::on(svc, areas_search)},
      {kGet, "/api/v1/territories", kTerritoriesRead, http::on(svc, territories_list)},
      {kPost, "/api/v1/territories", kTerritoriesWrite, http::on(svc, territory_create)},
      {kGet, "/api/v1/territories/{id}", kTerritoriesRead, http::on(svc, territory_doc)},
      {kPatch, "/api/v1/territories/{id}", kTerritoriesWrite, http::on(svc, territory_patch)},
      {kDelete, "/api/v1/territories/{id}", kTerritoriesWrite, http::on(svc, territory_delete)},
  });
}

}  // namespace jalon::referentials
