// The record's life in the JSON API (issue 14), with the pages' permissions and checks: PATCH a
// person (only the members sent change), the history, référent transfer, co-référents, status,
// and the coordinator's caseload reassignment. Described in web/static/openapi.json.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "beneficiaries/web.h"
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

// The JSON body of a write on the person of {id}: 404 out of scope, 400 when not an object;
// otherwise write(fields, session, beneficiary) answers the response.
template <class Write>
Response on_person(const Api& a, Request& req, Write&& write) {
  const auto& s = access::session_of(req);
  auto b = a.svc.get(s, req.param("id"));
  if (!b) return Response::not_found();
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  return write(f, s, *b);
}

// A Status as the API answers it: 204, or the problem.
Response done(const Status& st, const Request& req) {
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(json{{"ok", true}}.dump());
}

Response patch(const Api& a, Request& req) {
  return on_person(a, req, [&](http::JsonFields& f, const auto& s, const Beneficiary& b) {
    RecordEdit in = edit_of(b);
    in.version = 0;  // a PATCH writes over the record as it reads it now
    f.take("civility", in.civility);
    f.take("first_name", in.first_name);
    f.take("last_name", in.last_name);
    f.take("birth_date", in.birth_date);
    f.take("email", in.email);
    f.take("phone", in.phone);
    f.take("address_line", in.address_line);
    f.take("postal_code", in.postal_code);
    f.take("ft_id", in.ft_id);
    f.take("caf_id", in.caf_id);
    if (f.has("commune_code") || f.has("commune_name")) {
      in.commune_code.clear();
      in.commune_name.clear();
      f.take("commune_code", in.commune_code);
      f.take("commune_name", in.commune_name);
    }
    in.consent_email = f.boolean("consent_email", in.consent_email);
    in.consent_sms = f.boolean("consent_sms", in.consent_sms);
    in.version = static_cast<int>(f.integer("version", 0, 0));
    if (f.error()) return problem(*f.error(), req);
    auto r = a.svc.edit(s, b.summary.id, in);
    if (!r.ok()) return problem(r.error(), req);
    return Response::json(json{{"changed", *r}}.dump());
  });
}

Response history(const Api& a, Request& req) {
  const auto& s = access::session_of(req);
  auto b = a.svc.get(s, req.param("id"));
  if (!b) return Response::not_found();
  json items = json::array();
  for (const auto& c : a.svc.history(s, *b)) {
    json item = {{"field", c.field}, {"label", c.label},           {"new_value", c.new_value},
                 {"note", c.note},   {"changed_on", c.changed_on}, {"changed_by", c.changed_by}};
    // Previous values only for the référent and coordinators (history() leaves them empty).
    if (b->caller_is_referent || s.role == access::Role::kCoordinator)
      item["old_value"] = c.old_value;
    items.push_back(std::move(item));
  }
  return http::items_response(items);
}

Response transfer(const Api& a, Request& req) {
  return on_person(a, req, [&](http::JsonFields& f, const auto& s, const Beneficiary& b) {
    Transfer t{f.string("referent_id"), f.string("note"), f.string("on"),
               f.boolean("keep_previous")};
    if (f.error()) return problem(*f.error(), req);
    return done(a.svc.transfer(s, b.summary.id, t), req);
  });
}

Response add_coreferent(const Api& a, Request& req) {
  return on_person(a, req, [&](http::JsonFields& f, const auto& s, const Beneficiary& b) {
    std::string user = f.string("user_id");
    if (f.error()) return problem(*f.error(), req);
    return done(a.svc.add_coreferent(s, b.summary.id, user), req);
  });
}

Response remove_coreferent(const Api& a, Request& req) {
  return on_person(a, req, [&](http::JsonFields& f, const auto& s, const Beneficiary& b) {
    std::string user = f.string("user_id");
    if (f.error()) return problem(*f.error(), req);
    return done(a.svc.remove_coreferent(s, b.summary.id, user), req);
  });
}

Response status(const Api& a, Request& req) {
  return on_person(a, req, [&](http::JsonFields& f, const auto& s, const Beneficiary& b) {
    StatusChange in{f.string("status"), f.string("reason"), f.string("until"), f.string("on"),
                    f.string("note")};
    if (f.error()) return problem(*f.error(), req);
    return done(a.svc.set_status(s, b.summary.id, in), req);
  });
}

Response reassign(const Api& a, Request& req) {
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  std::string from = f.string("from"), to = f.string("to"), note = f.string("note");
  if (f.error()) return problem(*f.error(), req);
  auto r = a.svc.reassign_caseload(access::session_of(req), from, to, note);
  if (!r.ok()) return problem(r.error(), req);
  return Response::json(json{{"moved", r->moved}}.dump());
}

}  // namespace

void register_lifecycle_api(http::Router& router, BeneficiaryService& svc) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite, access::kCaseloadManage;
  const Api a{svc};
  router.add_all({
      {kPatch, "/api/v1/beneficiaries/{id}", kBeneficiariesWrite, http::on(a, patch)},
      {kGet, "/api/v1/beneficiaries/{id}/history", kBeneficiariesRead, http::on(a, history)},
      {kPost, "/api/v1/beneficiaries/{id}/referent", kBeneficiariesWrite, http::on(a, transfer)},
      {kPost, "/api/v1/beneficiaries/{id}/coreferents", kBeneficiariesWrite,
       http::on(a, add_coreferent)},
      {kPost, "/api/v1/beneficiaries/{id}/coreferents/remove", kBeneficiariesWrite,
       http::on(a, remove_coreferent)},
      {kPost, "/api/v1/beneficiaries/{id}/status", kBeneficiariesWrite, http::on(a, status)},
      {kPost, "/api/v1/caseloads/reassign", kCaseloadManage, http::on(a, reassign)},
  });
}

}  // namespace jalon::beneficiaries
