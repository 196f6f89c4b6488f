// The JSON API of offers, needs and immersions (/api/v1/…): offers (list by rome/commune/q, one,
// import of the France Travail JSON posted as the body), an employer's needs (list, record), a
// person's immersions (list, create), an immersion (read; PATCH its signatures). Same
// permissions and scoping as the pages; described in web/static/openapi.json.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "employers/offers_import.h"
#include "employers/web.h"
#include "http/json_api.h"

namespace jalon::employers {
namespace {

using http::JsonWriter;

Result<json> list_offers(const Services& svc, const Request& req) {
  OfferFilter f{req.query.get("rome"), req.query.get("commune"), req.query.get("q")};
  f.open_only = req.query.get("closed") != "1";
  json items = json::array();
  for (const auto& o : svc.employers.offers(access::session_of(req), f)) {
    items.push_back(offer_json(o));
  }
  return items;
}

Response one_offer(const Services& svc, Request& req) {
  auto o = svc.employers.offer(access::session_of(req), req.param("id"));
  if (!o.ok()) return http::problem(o.error(), req);
  return Response::json(offer_json(*o).dump());
}

// The body is the file as France Travail's API answers it.
Response import_offers(const Services& svc, Request& req) {
  auto r = import_offers_text(svc.db, "offres.json", req.body, {});
  if (!r.ok()) return http::problem(r.error(), req);
  json tables = json::array();
  for (const auto& t : r->tables) {
    tables.push_back({{"table", t.table},
                      {"added", t.added},
                      {"updated", t.updated},
                      {"unchanged", t.unchanged}});
  }
  return Response::json(json{{"read", r->rows_read}, {"tables", tables}}.dump());
}

Result<json> list_needs(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  if (!svc.employers.get(s, req.param("id")).ok()) return Error::not_found();
  json items = json::array();
  for (const auto& n : svc.employers.needs(s, req.param("id"))) items.push_back(need_json(n));
  return items;
}

Result<JsonWriter> create_need(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  if (!svc.employers.get(s, req.param("id")).ok()) return Error::not_found();
  return JsonWriter([&svc, &s, id = req.param("id")](const json& body) -> Result<json> {
    http::JsonFields f(body);
    NeedInput in;
    f.take("appellation_code", in.appellation_code);
    f.take("contract", in.contract);
    in.hours_per_week = std::to_string(f.integer("hours_per_week", 0, 0, 1000));
    f.take("commune_code", in.commune_code);
    f.take("start_on", in.start_on);
    in.positions = std::to_string(f.integer("positions", 1, 0, 100000));
    f.take("notes", in.notes);
    if (f.error()) return *f.error();
    auto r = svc.employers.add_need(s, id, in);
    if (!r.ok()) return r.error();
    for (const auto& n : svc.employers.needs(s, id)) {
      if (n.id == *r) return need_json(n);
    }
    return Error::not_found();
  });
}

Result<json> list_immersions(const Services& svc, const Request& req) {
  if (!svc.records.open(req, req.param("id"), "identity")) return Error::not_found();
  json items = json::array();
  for (const auto& x : svc.immersions.of_person(access::session_of(req), req.param("id"))) {
    items.push_back(immersion_json(x));
  }
  return items;
}

Result<JsonWriter> create_immersion(const Services& svc, const Request& req) {
  if (!svc.records.open(req, req.param("id"), "identity")) return Error::not_found();
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
    http::JsonFields f(body);
    ImmersionInput in;
    f.take("employer_id", in.establishment_id);
    f.take("objective", in.objective);
    f.take("appellation_code", in.appellation_code);
    f.take("job_label", in.job_label);
    f.take("tutor_name", in.tutor_name);
    f.take("tutor_role", in.tutor_role);
    f.take("tutor_phone", in.tutor_phone);
    f.take("tutor_email", in.tutor_email);
    f.take("starts_on", in.starts_on);
    f.take("ends_on", in.ends_on);
    f.take("tasks", in.tasks);
    f.take("risks", in.risks);
    f.take("equipment", in.equipment);
    static constexpr const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};
    for (std::size_t i = 0; i < 7; ++i) f.take(kDays[i], in.days[i]);
    if (f.error()) return *f.error();
    const auto& s = access::session_of(req);
    auto id = svc.immersions.create(s, req.param("id"), in);
    if (!id.ok()) {
      Error e = id.error();
      if (e.field == "establishment_id") e.field = "employer_id";
      return e;
    }
    return immersion_json(*svc.immersions.get(s, *id));
  });
}

Response one_immersion(const Services& svc, Request& req) {
  auto x = svc.immersions.get(access::session_of(req), req.param("id"));
  if (!x.ok()) return http::problem(x.error(), req);
  return Response::json(immersion_json(*x).dump());
}

Result<JsonWriter> patch_immersion(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto x = svc.immersions.get(s, req.param("id"));
  if (!x.ok()) return x.error();
  return JsonWriter([&svc, &s, x = *x](const json& body) -> Result<json> {
    http::JsonFields f(body);
    std::string person = x.signed_person_on, employer = x.signed_employer_on,
                prescriber = x.signed_prescriber_on;
    f.take("signed_person_on", person);
    f.take("signed_employer_on", employer);
    f.take("signed_prescriber_on", prescriber);
    if (f.error()) return *f.error();
    auto st = svc.immersions.sign(s, x.id, person, employer, prescriber);
    if (!st.ok()) return st.error();
    return immersion_json(*svc.immersions.get(s, x.id));
  });
}

}  // namespace

void register_more_api(http::Router& router, const Services& s) {
  using http::with;
  using enum http::Method;
  http::add_resource(router, {"/api/v1/offers", "", kEmployersRead, kEmployersWrite,
                              with(s, list_offers), nullptr, nullptr});
  router.add_all({
      {kPost, "/api/v1/offers/imports", kEmployersWrite, http::on(s, import_offers)},
      {kGet, "/api/v1/offers/{id}", kEmployersRead, http::on(s, one_offer)},
      {kGet, "/api/v1/immersions/{id}", kEmployersRead, http::on(s, one_immersion)},
  });
  http::add_resource(router, {"/api/v1/employers/{id}/needs", "", kEmployersRead, kEmployersWrite,
                              with(s, list_needs), with(s, create_need), nullptr});
  http::add_resource(router, {"/api/v1/beneficiaries/{id}/immersions", "/api/v1/immersions/{id}",
                              kEmployersRead, kEmployersWrite, with(s, list_immersions),
                              with(s, create_immersion), with(s, patch_immersion)});
}

}  // namespace jalon::employers
