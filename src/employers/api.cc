// The JSON API of the employers (/api/v1/…): the directory (list with the caller's relation,
// one employer with its hiring potential, add one, PATCH the structure's relation), a person's
// applications (list, propose), an application's state (PATCH), and the hire of an accepted one.
// Same permissions and scoping as the pages; described in web/static/openapi.json.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "employers/web.h"
#include "http/json_api.h"

namespace jalon::employers {
namespace {

using http::JsonWriter;

Result<json> list_employers(const Services& svc, const Request& req) {
  EmployerFilter f{req.query.get("q"), req.query.get("status"), req.query.get("commune"),
                   req.query.get("rome")};
  json items = json::array();
  for (const auto& e : svc.employers.list(access::session_of(req), f)) {
    items.push_back(establishment_json(e));
  }
  return items;
}

Response one_employer(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto e = svc.employers.get(s, req.param("id"));
  if (!e.ok()) return http::problem(e.error(), req);
  json j = establishment_json(*e);
  j["hiring_jobs"] = json::array();
  for (const auto& h : svc.employers.hiring_jobs(s, e->id)) {
    j["hiring_jobs"].push_back({{"rome_code", h.rome_code},
                                {"rome_label", h.rome_label},
                                {"hirings", h.hirings},
                                {"sector_hirings", h.sector_hirings},
                                {"share", h.share},
                                {"score", h.score},
                                {"why", h.why}});
  }
  return Response::json(j.dump());
}

Result<JsonWriter> create_employer(const Services& svc, const Request& req) {
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
    http::JsonFields f(body);
    EstablishmentInput in;
    f.take("siret", in.siret);
    f.take("name", in.name);
    f.take("naf_code", in.naf_code);
    f.take("size_band", in.size_band);
    f.take("address", in.address);
    f.take("postcode", in.postcode);
    f.take("commune_code", in.commune_code);
    if (f.error()) return *f.error();
    const auto& s = access::session_of(req);
    auto id = svc.employers.create(s, in);
    if (!id.ok()) return id.error();
    return establishment_json(*svc.employers.get(s, *id));
  });
}

Result<JsonWriter> patch_employer(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto e = svc.employers.get(s, req.param("id"));
  if (!e.ok()) return e.error();
  return JsonWriter([&svc, &s, e = *e](const json& body) -> Result<json> {
    http::JsonFields f(body);
    std::string status = e.status, tags = e.tags, notes = e.notes;
    f.take("status", status);
    f.take("tags", tags);
    f.take("notes", notes);
    if (f.error()) return *f.error();
    auto st = svc.employers.set_relation(s, e.id, status, tags, notes);
    if (!st.ok()) return st.error();
    return establishment_json(*svc.employers.get(s, e.id));
  });
}

Result<json> list_applications(const Services& svc, const Request& req) {
  if (!svc.records.open(req, req.param("id"), "identity")) return Error::not_found();
  json items = json::array();
  for (const auto& a :
       svc.employers.applications_of_person(access::session_of(req), req.param("id"))) {
    items.push_back(application_json(a));
  }
  return items;
}

Result<JsonWriter> create_application(const Services& svc, const Request& req) {
  if (!svc.records.open(req, req.param("id"), "identity")) return Error::not_found();
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
    http::JsonFields f(body);
    ApplicationInput in;
    f.take("employer_id", in.establishment_id);
    f.take("job", in.job);
    f.take("message", in.message);
    f.take("offer_id", in.offer_id);
    if (f.error()) return *f.error();
    const auto& s = access::session_of(req);
    auto id = svc.employers.propose(s, req.param("id"), in);
    if (!id.ok()) {
      Error e = id.error();
      if (e.field == "establishment_id") e.field = "employer_id";
      return e;
    }
    return application_json(*svc.employers.application(s, *id));
  });
}

Result<JsonWriter> patch_application(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto a = svc.employers.application(s, req.param("id"));
  if (!a.ok()) return a.error();
  return JsonWriter([&svc, &s, a = *a](const json& body) -> Result<json> {
    http::JsonFields f(body);
    std::string state = a.state, reason;
    f.take("state", state);
    f.take("refusal_reason", reason);
    if (f.error()) return *f.error();
    auto st = svc.employers.move(s, a.id, state, reason);
    if (!st.ok()) return st.error();
    return application_json(*svc.employers.application(s, a.id));
  });
}

Result<JsonWriter> create_placement(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto a = svc.employers.application(s, req.param("id"));
  if (!a.ok()) return a.error();
  return JsonWriter([&svc, &s, a = *a](const json& body) -> Result<json> {
    http::JsonFields f(body);
    PlacementInput in;
    f.take("contract", in.contract);
    in.hours_per_week = std::to_string(f.integer("hours_per_week", 0, 0, 1000));
    f.take("start_on", in.start_on);
    f.take("end_on", in.end_on);
    if (f.error()) return *f.error();
    auto id = svc.employers.hire(s, a.id, in);
    if (!id.ok()) return id.error();
    return json{{"id", *id},
                {"application_id", a.id},
                {"beneficiary_id", a.beneficiary_id},
                {"employer_id", a.establishment_id},
                {"contract", in.contract},
                {"hours_per_week", std::stoi(in.hours_per_week)},
                {"start_on", in.start_on},
                {"end_on", in.end_on.empty() ? json(nullptr) : json(in.end_on)}};
  });
}

}  // namespace

void register_api(http::Router& router, const Services& s) {
  using http::with;
  using enum http::Method;
  http::add_resource(
      router, {"/api/v1/employers", "/api/v1/employers/{id}", kEmployersRead, kEmployersWrite,
               with(s, list_employers), with(s, create_employer), with(s, patch_employer)});
  router.add_all({{kGet, "/api/v1/employers/{id}", kEmployersRead, http::on(s, one_employer)}});
  http::add_resource(router,
                     {"/api/v1/beneficiaries/{id}/applications", "/api/v1/applications/{id}",
                      kEmployersRead, kEmployersWrite, with(s, list_applications),
                      with(s, create_application), with(s, patch_application)});
  http::add_resource(router, {"/api/v1/applications/{id}/placements", "", kEmployersRead,
                              kEmployersWrite, nullptr, with(s, create_placement), nullptr});
}

}  // namespace jalon::employers
