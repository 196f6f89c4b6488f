// The JSON API of the pathway (/api/v1/…): contracts, objectives, actions and referrals of a
// beneficiary (list, create) and of one object (update with PATCH: absent members keep their
// value), and the timeline. Same permissions and scoping as the pages; described in
// web/static/openapi.json. Dates are plain calendar dates ("YYYY-MM-DD"), instants UTC.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "pathways/web.h"

namespace jalon::pathways {
namespace {

json or_null(const std::string& v) {
  return v.empty() ? json(nullptr) : json(v);
}

std::string_view renewal_code(Renewal r) {
  switch (r) {
    case Renewal::kSoon:
      return "soon";
    case Renewal::kPassed:
      return "passed";
    default:
      return "none";
  }
}

json contract_json(const Contract& c) {
  return {{"id", c.id},
          {"beneficiary_id", c.beneficiary_id},
          {"kind", c.kind},
          {"kind_detail", c.kind_detail},
          {"status", c.status},
          {"signed_on", or_null(c.signed_on)},
          {"starts_on", c.starts_on},
          {"ends_on", c.ends_on},
          {"renewal", renewal_code(c.renewal)},
          {"days_left", c.days_left},
          {"created_at", dates::rfc3339_utc(c.created_at)},
          {"updated_at", dates::rfc3339_utc(c.updated_at)}};
}

json item_json(const Item& i, ItemKind kind) {
  json j = {{"id", i.id},
            {"beneficiary_id", i.beneficiary_id},
            {"code", or_null(i.code)},
            {"label", i.label},
            {"theme", or_null(i.theme)},
            {"status", i.status},
            {"due_on", or_null(i.due_on)},
            {"overdue", i.overdue},
            {"barrier", or_null(i.barrier)},
            {"partner", i.partner},
            {"created_at", dates::rfc3339_utc(i.created_at)},
            {"updated_at", dates::rfc3339_utc(i.updated_at)}};
  if (kind == ItemKind::kObjective) {
    j["contract_id"] = or_null(i.parent_id);
  } else {
    j["objective_id"] = i.parent_id;
  }
  return j;
}

json referral_json(const Referral& r) {
  return {{"id", r.id},
          {"beneficiary_id", r.beneficiary_id},
          {"partner", r.partner},
          {"service", r.service},
          {"status", r.status},
          {"reason", r.reason},
          {"answer", r.answer},
          {"sent_on", r.sent_on},
          {"follow_up_on", or_null(r.follow_up_on)},
          {"answered_on", or_null(r.answered_on)},
          {"follow_up_due", r.follow_up_due},
          {"created_at", dates::rfc3339_utc(r.created_at)},
          {"updated_at", dates::rfc3339_utc(r.updated_at)}};
}

// Each *_from copies the string members the body has into `in` (null clears one); a member of
// the wrong type is an error naming it.
Result<ContractInput> contract_from(const json& j, ContractInput in) {
  http::JsonFields f(j);
  f.take("kind", in.kind);
  f.take("kind_detail", in.kind_detail);
  f.take("status", in.status);
  f.take("signed_on", in.signed_on);
  f.take("starts_on", in.starts_on);
  f.take("ends_on", in.ends_on);
  if (f.error()) return *f.error();
  return in;
}

Result<ItemInput> item_from(const json& j, ItemKind kind, ItemInput in) {
  http::JsonFields f(j);
  f.take("code", in.code);
  f.take("label", in.label);
  f.take("theme", in.theme);
  f.take("status", in.status);
  f.take("due_on", in.due_on);
  f.take("barrier", in.barrier);
  f.take("partner", in.partner);
  f.take(kind == ItemKind::kObjective ? "contract_id" : "objective_id", in.parent_id);
  // A catalogue code replaces a free label and the reverse, as in the form.
  if (j.contains("label") && !j.contains("code")) in.code.clear();
  if (f.error()) return *f.error();
  return in;
}

Result<ReferralInput> referral_from(const json& j, ReferralInput in) {
  http::JsonFields f(j);
  f.take("partner", in.partner);
  f.take("service", in.service);
  f.take("status", in.status);
  f.take("reason", in.reason);
  f.take("answer", in.answer);
  f.take("sent_on", in.sent_on);
  f.take("follow_up_on", in.follow_up_on);
  if (f.error()) return *f.error();
  return in;
}

// ---- the routes ------------------------------------------------------------------------------

// The person of the route's {id}, in the caller's scope (audited as "identity,pathway").
bool visible(const Services& svc, const Request& req) {
  return svc.records.open(req, req.param("id"), "identity,pathway").has_value();
}

// A write: 404 when the person or object is not `found` (before the body is read, so a hidden
// object answers the same whatever is sent), 422 naming "body" for a body that is not a JSON
// object, else write(body) with `status`, or the problem document of its Error.
template <class Write>
Response write_json(const Request& req, bool found, int status, Write&& write) {
  if (!found) return Response::not_found();
  json body;
  if (!http::json_object_body(req, body)) return http::bad_body(req);
  Result<json> r = write(body);
  if (!r) return http::problem(r.error(), req);
  return Response::json(r->dump(), status);
}

// Each list answers {"items": [...]}, 404 when the person is hidden.
template <class List, class ToJson>
Response list_json(const Services& svc, const Request& req, List&& list, ToJson&& to_json) {
  if (!visible(svc, req)) return Response::not_found();
  json items = json::array();
  for (const auto& x : list()) items.push_back(to_json(x));
  return http::items_response(items);
}

Response list_contracts(const Services& svc, Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.contracts(access::session_of(req), req.param("id")); },
      contract_json);
}

Response create_contract(const Services& svc, Request& req) {
  return write_json(req, visible(svc, req), 201, [&](const json& body) -> Result<json> {
    const auto& s = access::session_of(req);
    auto in = contract_from(body, {});
    if (!in) return in.error();
    auto id = svc.pathways.add_contract(s, req.param("id"), *in);
    if (!id) return id.error();
    return contract_json(*svc.pathways.contract(s, *id));
  });
}

Response patch_contract(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto c = svc.pathways.contract(s, req.param("id"));
  return write_json(req, c.has_value(), 200, [&](const json& body) -> Result<json> {
    ContractInput base{c->kind, c->kind_detail, c->status, c->signed_on, c->starts_on, c->ends_on};
    auto in = contract_from(body, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_contract(s, c->id, *in);
    if (!st.ok()) return st.error();
    return contract_json(*svc.pathways.contract(s, c->id));
  });
}

// Objectives or actions (the same shape, their own parent member).
template <ItemKind kind>
Response list_items(const Services& svc, Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.items(access::session_of(req), kind, req.param("id")); },
      [](const Item& i) { return item_json(i, kind); });
}

template <ItemKind kind>
Response create_item(const Services& svc, Request& req) {
  return write_json(req, visible(svc, req), 201, [&](const json& body) -> Result<json> {
    const auto& s = access::session_of(req);
    auto in = item_from(body, kind, {});
    if (!in) return in.error();
    auto id = svc.pathways.add_item(s, kind, req.param("id"), *in);
    if (!id) return id.error();
    return item_json(*svc.pathways.item(s, kind, *id), kind);
  });
}

template <ItemKind kind>
Response patch_item(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto i = svc.pathways.item(s, kind, req.param("id"));
  return write_json(req, i.has_value(), 200, [&](const json& body) -> Result<json> {
    ItemInput base{i->code,    i->free() ? i->label : "",
                   i->theme,   i->status,
                   i->due_on,  i->barrier,
                   i->partner, i->parent_id};
    auto in = item_from(body, kind, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_item(s, kind, i->id, *in);
    if (!st.ok()) return st.error();
    return item_json(*svc.pathways.item(s, kind, i->id), kind);
  });
}

Response list_referrals(const Services& svc, Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.referrals(access::session_of(req), req.param("id")); },
      referral_json);
}

Response create_referral(const Services& svc, Request& req) {
  return write_json(req, visible(svc, req), 201, [&](const json& body) -> Result<json> {
    const auto& s = access::session_of(req);
    ReferralInput base;
    base.sent_on = dates::iso(svc.pathways.today(s));
    auto in = referral_from(body, base);
    if (!in) return in.error();
    auto id = svc.pathways.add_referral(s, req.param("id"), *in);
    if (!id) return id.error();
    return referral_json(*svc.pathways.referral(s, *id));
  });
}

Response patch_referral(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto r = svc.pathways.referral(s, req.param("id"));
  return write_json(req, r.has_value(), 200, [&](const json& body) -> Result<json> {
    ReferralInput base{r->partner, r->service, r->status,      r->reason,
                       r->answer,  r->sent_on, r->follow_up_on};
    auto in = referral_from(body, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_referral(s, r->id, *in);
    if (!st.ok()) return st.error();
    return referral_json(*svc.pathways.referral(s, r->id));
  });
}

Response timeline(const Services& svc, Request& req) {
  auto events = [&] {
    return svc.pathways.timeline(access::session_of(req), req.param("id"), req.query.get("kind"));
  };
  return list_json(svc, req, events, [](const Event& e) {
    return json{{"kind", e.kind},
                {"at", dates::rfc3339_utc(e.at)},
                {"summary", e.summary},
                {"href", e.href}};
  });
}

}  // namespace

// Not http::JsonResource: its writes read the body before the callback can answer 404 for a
// hidden person or object, and the authorization matrix expects that 404 whatever the body.
void register_api(http::Router& router, const Services& s) {
  using enum http::Method;
  const std::string b = "/api/v1/beneficiaries/{id}/";
  router.add_all({
      {kGet, b + "contracts", kPathwayRead, http::on(s, list_contracts)},
      {kPost, b + "contracts", kPathwayWrite, http::on(s, create_contract)},
      {kPatch, "/api/v1/contracts/{id}", kPathwayWrite, http::on(s, patch_contract)},
      {kGet, b + "objectives", kPathwayRead, http::on(s, list_items<ItemKind::kObjective>)},
      {kPost, b + "objectives", kPathwayWrite, http::on(s, create_item<ItemKind::kObjective>)},
      {kPatch, "/api/v1/objectives/{id}", kPathwayWrite,
       http::on(s, patch_item<ItemKind::kObjective>)},
      {kGet, b + "actions", kPathwayRead, http::on(s, list_items<ItemKind::kAction>)},
      {kPost, b + "actions", kPathwayWrite, http::on(s, create_item<ItemKind::kAction>)},
      {kPatch, "/api/v1/actions/{id}", kPathwayWrite, http::on(s, patch_item<ItemKind::kAction>)},
      {kGet, b + "referrals", kPathwayRead, http::on(s, list_referrals)},
      {kPost, b + "referrals", kPathwayWrite, http::on(s, create_referral)},
      {kPatch, "/api/v1/referrals/{id}", kPathwayWrite, http::on(s, patch_referral)},
      {kGet, b + "timeline", kPathwayRead, http::on(s, timeline)},
  });
}

}  // namespace jalon::pathways
