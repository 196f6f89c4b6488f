// The JSON API of the beneficiary record (/api/v1/beneficiaries…): the same operations and
// permissions as the pages, described in the OpenAPI document (web/static/openapi.json).
#include <nlohmann/json.hpp>

#include <climits>

#include "access/capabilities.h"
#include "access/policy.h"
#include "beneficiaries/web.h"
#include "core/validation.h"
#include "http/json_api.h"

namespace jalon::beneficiaries {
namespace {

using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

struct Api {
  BeneficiaryService& svc;
};

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
          {"last_contact_on", s.last_contact_on},
          {"overdue", s.overdue}};
}

// A whole number of the query string, `fallback` when absent.
Result<long long> query_int(const Request& req, const char* name, long long fallback) {
  if (!req.query.has(name)) return fallback;
  return validation::integer(req.query.get(name), name, name, INT_MIN, INT_MAX);
}

Response list(const Api& a, Request& req) {
  CaseloadQuery q;
  q.status = req.query.get("status");
  q.contract = req.query.get("contract_kind");
  q.theme = req.query.get("barrier_theme");
  q.overdue = req.query.get("overdue") == "true";
  q.text = req.query.get("q");
  q.referent_id = req.query.get("referent_id");
  q.no_referent = req.query.get("no_referent") == "true";
  q.contract_ending = req.query.get("contract_ending_this_month") == "true";
  q.eligibility = req.query.get("eligibility");  // "expiree" or "a_renouveler"
  q.missing_outcome = req.query.get("missing_outcome") == "true";
  if (auto days = query_int(req, "no_contact_days", 0); days.ok() && *days > 0 && *days <= 3650) {
    q.no_contact_days = static_cast<int>(*days);
  } else if (!days.ok() || *days != 0) {
    return problem(
        Error::invalid("no_contact_days est un nombre de jours entre 1 et 3650", "no_contact_days"),
        req);
  }
  q.sort = req.query.get("sort").empty() ? "name" : req.query.get("sort");
  auto page_no = query_int(req, "page", 1);
  auto size = query_int(req, "page_size", 25);
  if (!page_no.ok() || !size.ok()) {
    return problem(Error::invalid("page et page_size sont des entiers", "page"), req);
  }
  q.page = static_cast<int>(*page_no);
  q.page_size = static_cast<int>(*size);
  auto page = a.svc.caseload(access::session_of(req), q);
  json items = json::array();
  for (const auto& r : page.rows) items.push_back(summary_json(r));
  return Response::json(json{
      {"total", page.total},
      {"page", page.page},
      {"pages", page.pages},
      {"items", items}}.dump());
}

Response duplicates_problem(const Request& req,
                            const std::vector<BeneficiaryService::ExistingRecord>& found) {
  json d = json::array();
  for (const auto& x : found) d.push_back({{"ask", x.ask}});
  json doc = http::problem_document(
      409, "Un dossier existe déjà avec ces nom, prénom et date de naissance.", {},
      req.correlation_id);
  doc["duplicates"] = d;
  return http::problem_response(doc);
}

Response create(const Api& a, Request& req) {
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  NewBeneficiary in;
  for (const auto& field : kNewFields) in.*field.member = f.string(field.api);
  in.confirm_duplicate = f.boolean("confirm_duplicate");
  if (f.error()) return problem(*f.error(), req);
  const auto& s = access::session_of(req);
  if (in.referent_id.empty()) in.referent_id = s.user_id;
  auto r = a.svc.create(s, in);
  if (!r.ok()) return problem(r.error(), req);
  if (!r->duplicates.empty()) return duplicates_problem(req, r->duplicates);
  return Response::json(json{{"id", r->id}}.dump(), 201);
}

json situation_json(const SituationRecord& x) {
  json rights = json::array();
  for (const auto& r : x.rights) rights.push_back({{"code", r.code}, {"since", r.since}});
  return {{"recorded_on", x.recorded_on},
          {"education_level", x.education_level},
          {"work_situation", x.work_situation},
          {"contract_kind", x.contract_kind},
          {"rights", rights},
          {"licences", x.licences},
          {"vehicle", x.vehicle},
          {"languages", x.languages}};
}

json diagnosis_json(const Diagnosis& d) {
  json items = json::array();
  for (const auto& it : d.items) {
    items.push_back({{"theme", it.theme},
                     {"item", it.item},
                     {"kind", it.kind},
                     {"severity", it.severity},
                     {"status", it.status},
                     {"note", it.note}});
  }
  return {{"id", d.id}, {"made_on", d.made_on}, {"summary", d.summary}, {"items", items}};
}

json project_json(const Project& p) {
  return {{"appellations", p.appellations}, {"mobility_km", p.mobility_km},
          {"transport", p.transport},       {"contracts", p.contracts},
          {"working_time", p.working_time}, {"available_on", p.available_on}};
}

json eligibility_json(const Eligibility& e) {
  json crit = json::array();
  for (const auto& [c, p] : e.criteria) crit.push_back({{"code", c}, {"proof_status", p}});
  return {{"siae_kind", e.siae_kind}, {"author_kind", e.author_kind},
          {"made_on", e.made_on},     {"valid_until", e.valid_until},
          {"eligible", e.eligible},   {"explanation", e.explanation},
          {"criteria", crit}};
}

template <class T, class F>
json all(const std::vector<T>& list, F to_json) {
  json out = json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return out;
}

Response record(const Api& a, Request& req) {
  auto b = a.svc.get(access::session_of(req), req.param("id"), "identity,social,professional");
  if (!b) return Response::not_found();
  json out = summary_json(b->summary);
  out["email"] = b->email;
  out["phone"] = b->phone;
  out["prescriber_kind"] = b->prescriber_kind;
  out["information_notice_version"] = b->notice_version;
  out["situations"] = all(a.svc.situations(*b), situation_json);
  out["diagnoses"] = all(a.svc.diagnoses(*b), diagnosis_json);
  out["projects"] = all(a.svc.projects(*b), project_json);
  out["eligibility"] = all(a.svc.eligibilities(*b), eligibility_json);
  return Response::json(out.dump());
}

// A record added to a section of the person of {id} (404 out of scope): read(fields, session,
// id) reads the body's members and records them, answering the new record's id (201).
template <class Read>
Response add_to_record(const Api& a, Request& req, Read&& read) {
  const auto& s = access::session_of(req);
  if (!a.svc.get(s, req.param("id"))) return Response::not_found();
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  auto r = read(f, s, req.param("id"));
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(json{{"id", *r}}.dump(), 201);
}

Response add_diagnosis(const Api& a, Request& req) {
  return add_to_record(a, req, [&](http::JsonFields& f, const auto& s, const std::string& id) {
    std::vector<DiagnosisItem> items;
    for (auto& it : f.objects("items")) {
      items.push_back({it.string("theme"), it.string("item"), it.string("kind"),
                       static_cast<int>(it.integer("severity", 0)), it.string("status"),
                       it.string("note")});
    }
    std::string made_on = f.string("made_on"), summary = f.string("summary");
    if (f.error()) return Result<std::string>(*f.error());
    return a.svc.record_diagnosis(s, id, made_on, summary, items);
  });
}

Response add_project(const Api& a, Request& req) {
  return add_to_record(a, req, [&](http::JsonFields& f, const auto& s, const std::string& id) {
    Project in;
    in.appellations = f.strings("appellations");
    in.mobility_km = static_cast<int>(f.integer("mobility_km", -1, 0, 300));
    in.transport = f.strings("transport");
    in.contracts = f.strings("contracts");
    in.working_time = f.string("working_time");
    in.available_on = f.string("available_on");
    if (f.error()) return Result<std::string>(*f.error());
    return a.svc.record_project(s, id, in);
  });
}

Response add_situation(const Api& a, Request& req) {
  return add_to_record(a, req, [&](http::JsonFields& f, const auto& s, const std::string& id) {
    SituationRecord in;
    in.education_level = f.string("education_level");
    in.work_situation = f.string("work_situation");
    in.contract_kind = f.string("contract_kind");
    for (auto& r : f.objects("rights")) in.rights.push_back({r.string("code"), r.string("since")});
    in.licences = f.strings("licences");
    in.vehicle = f.boolean("vehicle");
    in.languages = f.string("languages");
    if (f.error()) return Result<std::string>(*f.error());
    return a.svc.record_situation(s, id, in);
  });
}

}  // namespace

void register_api(http::Router& router, BeneficiaryService& svc) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  const Api a{svc};
  router.add_all({
      {kGet, "/api/v1/beneficiaries", kBeneficiariesRead, http::on(a, list)},
      {kPost, "/api/v1/beneficiaries", kBeneficiariesWrite, http::on(a, create)},
      {kGet, "/api/v1/beneficiaries/{id}", kBeneficiariesRead, http::on(a, record)},
      {kPost, "/api/v1/beneficiaries/{id}/diagnoses", kBeneficiariesWrite,
       http::on(a, add_diagnosis)},
      {kPost, "/api/v1/beneficiaries/{id}/projects", kBeneficiariesWrite, http::on(a, add_project)},
      {kPost, "/api/v1/beneficiaries/{id}/situations", kBeneficiariesWrite,
       http::on(a, add_situation)},
  });
  register_lifecycle_api(router, svc);
}

}  // namespace jalon::beneficiaries
