// /api/v1/partners: the directory's organisations (list, create), their services (list,
// create), the search (theme, public, commune with distance), and a referral of a person to a
// service (POST /api/v1/beneficiaries/{id}/service-referrals).
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "http/json_api.h"
#include "partners/web.h"

namespace jalon::partners {
namespace {

using access::kPartnersRead;
using access::kPartnersWrite;
using access::kPathwayRead;
using access::kPathwayWrite;
using http::Request;
using http::Response;
using nlohmann::json;

http::JsonResource organisations(const Services& s) {
  http::JsonResource r{"/api/v1/partners/organisations", "", kPartnersRead, kPartnersWrite};
  r.list = [s](const Request& req) -> Result<json> {
    json out = json::array();
    for (const auto& o : s.directory.organisations(access::session_of(req), req.query.get("q"))) {
      out.push_back(organisation_json(o));
    }
    return out;
  };
  r.create = [s](const Request& req) -> Result<http::JsonWriter> {
    return http::JsonWriter([s, &req](const json& body) -> Result<json> {
      http::JsonFields f(body);
      OrganisationInput in{f.string("name"),    f.string("kind"),    f.string("siret"),
                           f.string("address"), f.string("commune"), f.string("email"),
                           f.string("phone"),   f.string("website"), f.string("opening_hours")};
      if (f.error()) return *f.error();
      const auto& session = access::session_of(req);
      auto id = s.directory.add_organisation(session, in);
      if (!id.ok()) return id.error();
      return organisation_json(*s.directory.organisation(session, *id));
    });
  };
  return r;
}

http::JsonResource services(const Services& s) {
  http::JsonResource r{"/api/v1/partners/organisations/{id}/services", "", kPartnersRead,
                       kPartnersWrite};
  r.list = [s](const Request& req) -> Result<json> {
    const auto& session = access::session_of(req);
    if (!s.directory.organisation(session, req.param("id"))) return Error::not_found();
    json out = json::array();
    for (const auto& v : s.directory.services_of(session, req.param("id"))) {
      out.push_back(service_json(v));
    }
    return out;
  };
  r.create = [s](const Request& req) -> Result<http::JsonWriter> {
    const auto& session = access::session_of(req);
    auto o = s.directory.organisation(session, req.param("id"));
    if (!o) return Error::not_found();
    std::string org_id = o->id;
    return http::JsonWriter([s, &req, org_id](const json& body) -> Result<json> {
      http::JsonFields f(body);
      ServiceInput in;
      in.name = f.string("name");
      in.description = f.string("description");
      in.themes = f.strings("themes");
      in.kinds = f.strings("kinds");
      in.publics = f.strings("publics");
      in.fees = f.string("fees");
      in.how_to_apply = f.string("how_to_apply");
      in.documents = f.string("documents");
      in.zone_kind = f.string("zone_kind");
      in.zone_code = f.string("zone_code");
      if (f.has("capacity")) in.capacity = std::to_string(f.integer("capacity", 0, 0, 100000));
      if (f.has("places")) in.places = std::to_string(f.integer("places", 0, 0, 100000));
      in.contact_email = f.string("contact_email");
      if (f.error()) return *f.error();
      const auto& session = access::session_of(req);
      auto id = s.directory.add_service(session, org_id, in);
      if (!id.ok()) return id.error();
      return service_json(*s.directory.service(session, *id));
    });
  };
  return r;
}

Response search(const Services& s, Request& req) {
  SearchQuery q{req.query.get("theme"), req.query.get("public"), req.query.get("commune"),
                req.query.get("q")};
  auto found = s.directory.search(access::session_of(req), q);
  if (!found.ok()) return http::problem(found.error(), req);
  json out = json::array();
  for (const auto& v : *found) out.push_back(service_json(v));
  return http::items_response(out);
}

Response refer(const Services& s, Request& req) {
  if (!s.directory.visible(access::session_of(req), req.param("id"))) {
    return http::problem(Error::not_found(), req);
  }
  json body;
  if (!http::json_object_body(req, body)) return http::bad_body(req);
  http::JsonFields f(body);
  ReferToService in{f.string("service_id"), f.string("reason"), f.strings("scope"),
                    f.boolean("consent"), f.string("recipient")};
  if (f.error()) return http::problem(*f.error(), req);
  auto id = s.directory.refer(access::session_of(req), req.param("id"), in);
  if (!id.ok()) return http::problem(id.error(), req);
  return Response::json(json{{"id", *id}, {"status", "en_cours"}}.dump(), 201);
}

}  // namespace

void register_api(http::Router& router, const Services& s) {
  using enum http::Method;
  http::add_resource(router, organisations(s));
  http::add_resource(router, services(s));
  router.add_all({
      {kGet, "/api/v1/partners/services", kPartnersRead, http::on(s, search)},
      {kPost, "/api/v1/beneficiaries/{id}/service-referrals", kPathwayWrite, http::on(s, refer)},
  });
  (void)kPathwayRead;
}

}  // namespace jalon::partners
