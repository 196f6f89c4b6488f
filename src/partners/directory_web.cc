// /partenaires: the structure's directory (search services by theme, public and commune with
// the distance, the organisations, the SIAE of the conventions still to complete), an
// organisation's page, and the forms adding an organisation or a service.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "access/policy.h"
#include "partners/referentials.h"
#include "partners/web.h"

namespace jalon::partners {
namespace {

using access::kPartnersRead;
using access::kPartnersWrite;
using http::Request;
using http::Response;
using nlohmann::json;

json labels(const referential::List& list, const std::vector<std::string>& codes) {
  json out = json::array();
  for (const auto& c : codes) out.push_back(std::string(referential::label_of(list, c)));
  return out;
}

json errors_all(ui::Form& form, const std::vector<Error>& errs) {
  for (const auto& e : errs) form.fail(e);
  json ctx;
  form.fill(ctx);
  return ctx;
}

Response directory(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  SearchQuery q{req.query.get("theme"), req.query.get("public"), "", req.query.get("q")};
  json ctx = {{"title", "Partenaires du territoire"}, {"nav", "partners"}};
  std::string commune = req.query.get("commune");
  if (!commune.empty()) {
    // A name ("Voiron", "Moirans 38430") or an INSEE code, resolved in the COG.
    auto c = s.directory.resolve_commune(commune);
    if (c.ok())
      q.commune = *c;
    else
      ctx["commune_error"] = c.error().message;
  }
  ctx["themes"] = ui::options(themes(), q.theme, true);
  ctx["publics"] = ui::options(publics(), q.public_code, true);
  ctx["q"] = q.text;
  ctx["commune"] = commune;
  auto found = s.directory.search(session, q);
  json list = json::array();
  if (found.ok()) {
    for (const auto& v : *found) list.push_back(service_json(v));
  } else {
    ctx["search_error"] = found.error().message;
  }
  ctx["services"] = list;
  ctx["no_services"] = list.empty();
  json orgs = json::array();
  for (const auto& o : s.directory.organisations(session)) orgs.push_back(organisation_json(o));
  ctx["organisations"] = orgs;
  json siae = json::array();
  for (const auto& x : s.directory.siae_to_complete(session, req.query.get("siret"), 20)) {
    siae.push_back({{"siret", x.siret}, {"kind", x.kind}});
  }
  ctx["siae"] = siae;
  ctx["has_siae"] = !siae.empty();
  ctx["saved"] = req.query.has("enregistre");
  return s.page(req, "partners/directory", ctx);
}

Response organisation_form(const Services& s, const Request& req, const OrganisationInput& in,
                           json ctx, int status) {
  ctx["title"] = "Nouvelle structure partenaire";
  ctx["nav"] = "partners";
  ctx["kinds"] = ui::options(organisation_kinds(), in.kind, true);
  ctx["values"] = {{"name", in.name},       {"siret", in.siret},
                   {"address", in.address}, {"commune", in.commune},
                   {"email", in.email},     {"phone", in.phone},
                   {"website", in.website}, {"opening_hours", in.opening_hours}};
  return s.page(req, "partners/organisation_form", ctx, status);
}

Response new_organisation(const Services& s, Request& req) {
  // A SIAE of the conventions arrives with its SIRET and kind.
  OrganisationInput in;
  in.siret = req.query.get("siret");
  in.kind = req.query.get("kind");
  return organisation_form(s, req, in, json::object(), 200);
}

OrganisationInput read_organisation(ui::Form& f) {
  return {f.text("name"),    f.text("kind"),    f.text("siret"),
          f.text("address"), f.text("commune"), f.text("email"),
          f.text("phone"),   f.text("website"), f.text("opening_hours")};
}

Response create_organisation(const Services& s, Request& req) {
  ui::Form form(req);
  OrganisationInput in = read_organisation(form);
  auto errs = PartnerDirectory::organisation_mistakes(in);
  if (errs.empty()) {
    bool siae = in.kind == "ACI" || in.kind == "EI" || in.kind == "AI" || in.kind == "ETTI" ||
                in.kind == "EITI";
    auto id = s.directory.add_organisation(access::session_of(req), in, siae ? "siae" : "saisie",
                                           siae && !in.siret.empty() ? "siae:" + in.siret : "");
    if (id.ok()) return Response::redirect("/partenaires/" + *id + "?enregistre=1");
    errs.push_back(id.error());
  }
  return organisation_form(s, req, in, errors_all(form, errs), 422);
}

Response organisation_page(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto o = s.directory.organisation(session, req.param("id"));
  if (!o) return Response::not_found();
  json ctx = {{"title", o->name}, {"nav", "partners"}, {"o", organisation_json(*o)}};
  json list = json::array();
  for (const auto& v : s.directory.services_of(session, o->id)) list.push_back(service_json(v));
  ctx["services"] = list;
  ctx["no_services"] = list.empty();
  ctx["saved"] = req.query.has("enregistre");
  add_organisation_extras(s, req, o->id, ctx);
  return s.page(req, "partners/organisation", ctx);
}

Response service_form(const Services& s, const Request& req, const Organisation& o,
                      const ServiceInput& in, json ctx, int status) {
  ctx["title"] = "Nouveau service";
  ctx["nav"] = "partners";
  ctx["o"] = organisation_json(o);
  ctx["themes"] = ui::checks(themes(), in.themes, "themes");
  ctx["kinds"] = ui::checks(service_kinds(), in.kinds, "kinds");
  ctx["publics"] = ui::checks(publics(), in.publics, "publics");
  ctx["fees"] = ui::options(partners::fees(), in.fees, true);
  ctx["zone_kinds"] = ui::options(zone_kinds(), in.zone_kind, true);
  ctx["values"] = {{"name", in.name},
                   {"description", in.description},
                   {"how_to_apply", in.how_to_apply},
                   {"documents", in.documents},
                   {"zone_code", in.zone_code},
                   {"capacity", in.capacity},
                   {"places", in.places},
                   {"contact_email", in.contact_email}};
  return s.page(req, "partners/service_form", ctx, status);
}

Response new_service(const Services& s, Request& req) {
  auto o = s.directory.organisation(access::session_of(req), req.param("id"));
  if (!o) return Response::not_found();
  ServiceInput in;
  in.contact_email = o->email;
  return service_form(s, req, *o, in, json::object(), 200);
}

Response create_service(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto o = s.directory.organisation(session, req.param("id"));
  if (!o) return Response::not_found();
  ui::Form form(req);
  ServiceInput in;
  in.name = form.text("name");
  in.description = form.text("description");
  in.themes = req.form.all("themes");
  in.kinds = req.form.all("kinds");
  in.publics = req.form.all("publics");
  in.fees = form.text("fees");
  in.how_to_apply = form.text("how_to_apply");
  in.documents = form.text("documents");
  in.zone_kind = form.text("zone_kind");
  in.zone_code = form.text("zone_code");
  in.capacity = form.text("capacity");
  in.places = form.text("places");
  in.contact_email = form.text("contact_email");
  auto errs = PartnerDirectory::service_mistakes(in);
  if (errs.empty()) {
    auto id = s.directory.add_service(session, o->id, in);
    if (id.ok()) return Response::redirect("/partenaires/" + o->id + "?enregistre=1");
    errs.push_back(id.error());
  }
  return service_form(s, req, *o, in, errors_all(form, errs), 422);
}

}  // namespace

json organisation_json(const Organisation& o) {
  return {{"id", o.id},
          {"source", o.source},
          {"siae", o.source == "siae"},
          {"siret", o.siret},
          {"name", o.name},
          {"kind", o.kind},
          {"kind_label", o.kind_label},
          {"address", o.address},
          {"commune_code", o.commune_code},
          {"commune_name", o.commune_name},
          {"email", o.email},
          {"phone", o.phone},
          {"website", o.website},
          {"opening_hours", o.opening_hours}};
}

json service_json(const PartnerService& v) {
  json j = {{"id", v.id},
            {"organisation_id", v.organisation_id},
            {"organisation_name", v.organisation_name},
            {"commune_code", v.commune_code},
            {"commune_name", v.commune_name},
            {"name", v.name},
            {"description", v.description},
            {"themes", v.themes},
            {"theme_labels", labels(themes(), v.themes)},
            {"kinds", v.kinds},
            {"publics", v.publics},
            {"public_labels", labels(publics(), v.publics)},
            {"fees", v.fees},
            {"how_to_apply", v.how_to_apply},
            {"documents", v.documents},
            {"zone_kind", v.zone_kind},
            {"zone_code", v.zone_code},
            {"contact_email", v.contact_email}};
  j["capacity"] = v.capacity ? json(*v.capacity) : json(nullptr);
  j["places"] = v.places ? json(*v.places) : json(nullptr);
  if (v.distance_km) {
    char km[32];
    std::snprintf(km, sizeof km, "%.1f", *v.distance_km);
    std::string s = km;
    for (auto& c : s) {
      if (c == '.') c = ',';
    }
    j["distance_km"] = *v.distance_km;
    j["distance"] = s + " km";
  } else {
    j["distance_km"] = nullptr;
  }
  return j;
}

void register_directory_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/partenaires", kPartnersRead, http::on(s, directory)},
      {kGet, "/partenaires/nouvelle", kPartnersWrite, http::on(s, new_organisation)},
      {kPost, "/partenaires/nouvelle", kPartnersWrite, http::on(s, create_organisation)},
      {kGet, "/partenaires/{id}", kPartnersRead, http::on(s, organisation_page)},
      {kGet, "/partenaires/{id}/services/nouveau", kPartnersWrite, http::on(s, new_service)},
      {kPost, "/partenaires/{id}/services/nouveau", kPartnersWrite, http::on(s, create_service)},
  });
}

void register_routes(http::Router& router, const Services& s) {
  // First: /partenaires/freins must match before /partenaires/{id} (routes match in order).
  register_barrier_pages(router, s);
  register_directory_pages(router, s);
  register_referral_pages(router, s);
  register_link_pages(router, s);
  register_api(router, s);
  register_inbox_pages(router, s);
  register_meeting_pages(router, s);
}

}  // namespace jalon::partners
