// Barrier → service pages: on a person's diagnosis, the local services for each barrier of the
// latest diagnosis (/beneficiaires/{id}/diagnostic/services), and the caseload's barriers mapped
// to local services with the gaps (/partenaires/freins); their JSON twins.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "http/json_api.h"
#include "partners/barriers.h"
#include "partners/referentials.h"
#include "partners/web.h"

namespace jalon::partners {
namespace {

using access::kPartnersRead;
using access::kPathwayRead;
using http::Request;
using http::Response;
using nlohmann::json;

json barrier_json(const Barrier& b) {
  json labels = json::array();
  for (const auto& t : b.themes) labels.push_back(std::string(referential::label_of(themes(), t)));
  return {{"code", b.code},         {"label", b.label},   {"theme", b.theme_label},
          {"severity", b.severity}, {"themes", b.themes}, {"theme_labels", labels}};
}

json services_json(const std::vector<PartnerService>& list) {
  json out = json::array();
  for (const auto& v : list) out.push_back(service_json(v));
  return out;
}

json person_barriers(const std::vector<BarrierServices>& list) {
  json out = json::array();
  for (const auto& b : list) {
    json j = barrier_json(b.barrier);
    j["services"] = services_json(b.services);
    j["count"] = b.services.size();
    j["none"] = b.services.empty();
    out.push_back(j);
  }
  return out;
}

json gaps_json(const std::vector<BarrierGap>& list) {
  json out = json::array();
  for (const auto& g : list) {
    json j = barrier_json(g.barrier);
    j["people"] = g.people;
    j["people_without"] = g.people_without;
    j["services"] = services_json(g.services);
    j["count"] = g.services.size();
    j["gap"] = g.services.empty();
    out.push_back(j);
  }
  return out;
}

Response person_page(const Services& s, Request& req) {
  return ui::record_page(s.records, req, "/diagnostic", "Services pour les freins", "social",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           auto list = s.directory.barrier_services(access::session_of(req), h.id);
                           ctx["barriers"] = person_barriers(list);
                           ctx["none"] = list.empty();
                           ctx["version"] = barrier_mapping().version;
                           return s.page(req, "partners/barrier_services", ctx);
                         });
}

Response gaps_page(const Services& s, Request& req) {
  auto list = s.directory.barrier_gaps(access::session_of(req));
  int gaps = 0;
  for (const auto& g : list) gaps += g.services.empty() ? 1 : 0;
  json ctx = {
      {"title", "Freins du public et réponses du territoire"},
      {"nav", "partners"},
      {"barriers", gaps_json(list)},
      {"none", list.empty()},
      {"gaps", gaps},
      {"gap_text", gaps == 0   ? std::string("Chaque frein relevé a au moins un service local.")
                   : gaps == 1 ? std::string("1 frein n'a aucun service local.")
                               : std::to_string(gaps) + " freins n'ont aucun service local."},
      {"version", barrier_mapping().version}};
  return s.page(req, "partners/barrier_gaps", ctx);
}

Response person_api(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  if (!s.directory.visible(session, req.param("id"))) {
    return http::problem(Error::not_found(), req);
  }
  return http::items_response(
      person_barriers(s.directory.barrier_services(session, req.param("id"))));
}

Response gaps_api(const Services& s, Request& req) {
  return http::items_response(gaps_json(s.directory.barrier_gaps(access::session_of(req))));
}

}  // namespace

void register_barrier_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/diagnostic/services", kPathwayRead, http::on(s, person_page)},
      {kGet, "/partenaires/freins", kPartnersRead, http::on(s, gaps_page)},
      {kGet, "/api/v1/beneficiaries/{id}/barrier-services", kPathwayRead, http::on(s, person_api)},
      {kGet, "/api/v1/partners/barrier-gaps", kPartnersRead, http::on(s, gaps_api)},
  });
}

}  // namespace jalon::partners
