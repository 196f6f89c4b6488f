// The JSON API of the beneficiary record (/api/v1/beneficiaries…): the same operations and
// permissions as the pages, described in the OpenAPI document (web/static/openapi.json).
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/web.h"
#include "http/json_api.h"

namespace jalon::beneficiaries {
namespace {

using http::Permission;
using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

json summary_json(const Summary& s) {
  return {{"id", s.id},
          {"first_name", s.first_name},
          {"last_name", s.last_name},
          {"civility", s.civility},
          {"birth_date", s.birth_date},
          {"commune", s.commune_name},
          {"status", s.status},
          {"scheme", s.scheme},
          {"contract_kind", s.contract_kind},
          {"referent", s.referent_name},
          {"entry_date", s.entry_date},
          {"next_followup_on", s.next_followup_on},
          {"overdue", s.overdue}};
}

std::optional<json> body_of(const Request& req) {
  json j;
  if (!http::json_object_body(req, j)) return std::nullopt;
  return j;
}

}  // namespace

void register_api(http::Router& router, BeneficiaryService& svc) {
  const Permission read = Permission::capability("beneficiaries.read");
  const Permission write = Permission::capability("beneficiaries.write");

  router.get("/api/v1/beneficiaries", read, [&svc](Request& req) {
    CaseloadQuery q;
    q.status = req.query.get("status");
    q.contract = req.query.get("contract_kind");
    q.theme = req.query.get("barrier_theme");
    q.overdue = req.query.get("overdue") == "true";
    q.sort = req.query.get("sort").empty() ? "name" : req.query.get("sort");
    try {
      q.page = req.query.has("page") ? std::stoi(req.query.get("page")) : 1;
      q.page_size = req.query.has("page_size") ? std::stoi(req.query.get("page_size")) : 25;
    } catch (...) {
      return problem(Error::invalid("page et page_size sont des entiers", "page"), req);
    }
    auto page = svc.caseload(access::session_of(req), q);
    json items = json::array();
    for (const auto& r : page.rows) items.push_back(summary_json(r));
    return Response::json(json{
        {"total", page.total},
        {"page", page.page},
        {"pages", page.pages},
        {"items", items}}.dump());
  });

  router.post("/api/v1/beneficiaries", write, [&svc](Request& req) {
    auto j = body_of(req);
    if (!j) return problem(Error::invalid("Le corps doit être un objet JSON.", "body"), req);
    http::JsonFields f(*j);
    NewBeneficiary in{f.string("civility"),
                      f.string("first_name"),
                      f.string("last_name"),
                      f.string("birth_date"),
                      f.string("email"),
                      f.string("phone"),
                      f.string("commune_code"),
                      f.string("commune_name"),
                      f.string("prescriber_kind"),
                      f.string("prescriber_name"),
                      f.string("entry_date"),
                      f.string("scheme"),
                      f.string("referent_id"),
                      f.string("information_notice_version"),
                      f.boolean("confirm_duplicate")};
    if (f.error()) return problem(*f.error(), req);
    const auto& s = access::session_of(req);
    if (in.referent_id.empty()) in.referent_id = s.user_id;
    auto r = svc.create(s, in);
    if (!r.ok()) return problem(r.error(), req);
    if (!r->duplicates.empty()) {
      json d = json::array();
      for (const auto& x : r->duplicates) d.push_back({{"ask", x.ask}});
      json doc = http::problem_document(
          409, "Un dossier existe déjà avec ces nom, prénom et date de naissance.", {},
          req.correlation_id);
      doc["duplicates"] = d;
      return http::problem_response(doc);
    }
    return Response::json(json{{"id", r->id}}.dump(), 201);
  });

  router.get("/api/v1/beneficiaries/{id}", read, [&svc](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "identity,social,professional");
    if (!b) return Response::not_found();
    json out = summary_json(b->summary);
    out["email"] = b->email;
    out["phone"] = b->phone;
    out["prescriber_kind"] = b->prescriber_kind;
    out["information_notice_version"] = b->notice_version;
    json sits = json::array();
    for (const auto& x : svc.situations(*b)) {
      json rights = json::array();
      for (const auto& r : x.rights) rights.push_back({{"code", r.code}, {"since", r.since}});
      sits.push_back({{"recorded_on", x.recorded_on},
                      {"education_level", x.education_level},
                      {"work_situation", x.work_situation},
                      {"contract_kind", x.contract_kind},
                      {"rights", rights},
                      {"licences", x.licences},
                      {"vehicle", x.vehicle},
                      {"languages", x.languages}});
    }
    out["situations"] = sits;
    json diags = json::array();
    for (const auto& d : svc.diagnoses(*b)) {
      json items = json::array();
      for (const auto& it : d.items) {
        items.push_back({{"theme", it.theme},
                         {"item", it.item},
                         {"kind", it.kind},
                         {"severity", it.severity},
                         {"status", it.status},
                         {"note", it.note}});
      }
      diags.push_back(
          {{"id", d.id}, {"made_on", d.made_on}, {"summary", d.summary}, {"items", items}});
    }
    out["diagnoses"] = diags;
    json projects = json::array();
    for (const auto& p : svc.projects(*b)) {
      projects.push_back({{"appellations", p.appellations},
                          {"mobility_km", p.mobility_km},
                          {"transport", p.transport},
                          {"contracts", p.contracts},
                          {"working_time", p.working_time},
                          {"available_on", p.available_on}});
    }
    out["projects"] = projects;
    json elig = json::array();
    for (const auto& e : svc.eligibilities(*b)) {
      json crit = json::array();
      for (const auto& [c, p] : e.criteria) crit.push_back({{"code", c}, {"proof_status", p}});
      elig.push_back({{"siae_kind", e.siae_kind},
                      {"author_kind", e.author_kind},
                      {"made_on", e.made_on},
                      {"valid_until", e.valid_until},
                      {"eligible", e.eligible},
                      {"explanation", e.explanation},
                      {"criteria", crit}});
    }
    out["eligibility"] = elig;
    return Response::json(out.dump());
  });

  router.post("/api/v1/beneficiaries/{id}/diagnoses", write, [&svc](Request& req) {
    if (!svc.get(access::session_of(req), req.param("id"))) return Response::not_found();
    auto j = body_of(req);
    if (!j) return problem(Error::invalid("Le corps doit être un objet JSON.", "body"), req);
    http::JsonFields f(*j);
    std::vector<DiagnosisItem> items;
    for (auto& it : f.objects("items")) {
      items.push_back({it.string("theme"), it.string("item"), it.string("kind"),
                       static_cast<int>(it.integer("severity", 0)), it.string("status"),
                       it.string("note")});
    }
    std::string made_on = f.string("made_on"), summary = f.string("summary");
    if (f.error()) return problem(*f.error(), req);
    auto r =
        svc.record_diagnosis(access::session_of(req), req.param("id"), made_on, summary, items);
    if (!r.ok()) return problem(r.error(), req);
    return Response::json(json{{"id", *r}}.dump(), 201);
  });

  router.post("/api/v1/beneficiaries/{id}/projects", write, [&svc](Request& req) {
    if (!svc.get(access::session_of(req), req.param("id"))) return Response::not_found();
    auto j = body_of(req);
    if (!j) return problem(Error::invalid("Le corps doit être un objet JSON.", "body"), req);
    http::JsonFields f(*j);
    Project in;
    in.appellations = f.strings("appellations");
    in.mobility_km = static_cast<int>(f.integer("mobility_km", -1, 0, 300));
    in.transport = f.strings("transport");
    in.contracts = f.strings("contracts");
    in.working_time = f.string("working_time");
    in.available_on = f.string("available_on");
    if (f.error()) return problem(*f.error(), req);
    auto r = svc.record_project(access::session_of(req), req.param("id"), in);
    if (!r.ok()) return problem(r.error(), req);
    return Response::json(json{{"id", *r}}.dump(), 201);
  });

  router.post("/api/v1/beneficiaries/{id}/situations", write, [&svc](Request& req) {
    if (!svc.get(access::session_of(req), req.param("id"))) return Response::not_found();
    auto j = body_of(req);
    if (!j) return problem(Error::invalid("Le corps doit être un objet JSON.", "body"), req);
    http::JsonFields f(*j);
    SituationRecord in;
    in.education_level = f.string("education_level");
    in.work_situation = f.string("work_situation");
    in.contract_kind = f.string("contract_kind");
    for (auto& r : f.objects("rights")) in.rights.push_back({r.string("code"), r.string("since")});
    in.licences = f.strings("licences");
    in.vehicle = f.boolean("vehicle");
    in.languages = f.string("languages");
    if (f.error()) return problem(*f.error(), req);
    auto r = svc.record_situation(access::session_of(req), req.param("id"), in);
    if (!r.ok()) return problem(r.error(), req);
    return Response::json(json{{"id", *r}}.dump(), 201);
  });
}

}  // namespace jalon::beneficiaries
