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

using http::JsonWriter;

// The items of a person's list, or not found when the person is hidden.
template <class List, class ToJson>
Result<json> list_json(const Services& svc, const Request& req, List&& list, ToJson&& to_json) {
  if (!visible(svc, req)) return Error::not_found();
  json items = json::array();
  for (const auto& x : list()) items.push_back(to_json(x));
  return items;
}

Result<json> list_contracts(const Services& svc, const Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.contracts(access::session_of(req), req.param("id")); },
      contract_json);
}

Result<JsonWriter> create_contract(const Services& svc, const Request& req) {
  if (!visible(svc, req)) return Error::not_found();
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
    const auto& s = access::session_of(req);
    auto in = contract_from(body, {});
    if (!in) return in.error();
    auto id = svc.pathways.add_contract(s, req.param("id"), *in);
    if (!id) return id.error();
    return contract_json(*svc.pathways.contract(s, *id));
  });
}

Result<JsonWriter> patch_contract(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto c = svc.pathways.contract(s, req.param("id"));
  if (!c) return Error::not_found();
  return JsonWriter([&svc, &s, c = *c](const json& body) -> Result<json> {
    ContractInput base{c.kind, c.kind_detail, c.status, c.signed_on, c.starts_on, c.ends_on};
    auto in = contract_from(body, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_contract(s, c.id, *in);
    if (!st.ok()) return st.error();
    return contract_json(*svc.pathways.contract(s, c.id));
  });
}

// Objectives or actions (the same shape, their own parent member).
template <ItemKind kind>
Result<json> list_items(const Services& svc, const Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.items(access::session_of(req), kind, req.param("id")); },
      [](const Item& i) { return item_json(i, kind); });
}

template <ItemKind kind>
Result<JsonWriter> create_item(const Services& svc, const Request& req) {
  if (!visible(svc, req)) return Error::not_found();
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
    const auto& s = access::session_of(req);
    auto in = item_from(body, kind, {});
    if (!in) return in.error();
    auto id = svc.pathways.add_item(s, kind, req.param("id"), *in);
    if (!id) return id.error();
    return item_json(*svc.pathways.item(s, kind, *id), kind);
  });
}

template <ItemKind kind>
Result<JsonWriter> patch_item(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto i = svc.pathways.item(s, kind, req.param("id"));
  if (!i) return Error::not_found();
  return JsonWriter([&svc, &s, i = *i](const json& body) -> Result<json> {
    ItemInput base{
        i.code,     i.free() ? i.label : "", i.theme, i.status, i.due_on, i.barrier, i.partner,
        i.parent_id};
    auto in = item_from(body, kind, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_item(s, kind, i.id, *in);
    if (!st.ok()) return st.error();
    return item_json(*svc.pathways.item(s, kind, i.id), kind);
  });
}

Result<json> list_referrals(const Services& svc, const Request& req) {
  return list_json(
      svc, req, [&] { return svc.pathways.referrals(access::session_of(req), req.param("id")); },
      referral_json);
}

Result<JsonWriter> create_referral(const Services& svc, const Request& req) {
  if (!visible(svc, req)) return Error::not_found();
  return JsonWriter([&svc, &req](const json& body) -> Result<json> {
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

Result<JsonWriter> patch_referral(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto r = svc.pathways.referral(s, req.param("id"));
  if (!r) return Error::not_found();
  return JsonWriter([&svc, &s, r = *r](const json& body) -> Result<json> {
    ReferralInput base{r.partner, r.service, r.status,      r.reason,
                       r.answer,  r.sent_on, r.follow_up_on};
    auto in = referral_from(body, base);
    if (!in) return in.error();
    auto st = svc.pathways.update_referral(s, r.id, *in);
    if (!st.ok()) return st.error();
    return referral_json(*svc.pathways.referral(s, r.id));
  });
}

Result<json> timeline(const Services& svc, const Request& req) {
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

void register_api(http::Router& router, const Services& s) {
  using http::with;
  const std::string b = "/api/v1/beneficiaries/{id}/";
  auto resource = [&](std::string plural, auto list, auto create, auto patch) {
    http::add_resource(router, {b + plural, "/api/v1/" + plural + "/{id}", kPathwayRead,
                                kPathwayWrite, with(s, list), with(s, create), with(s, patch)});
  };
  resource("contracts", list_contracts, create_contract, patch_contract);
  resource("objectives", list_items<ItemKind::kObjective>, create_item<ItemKind::kObjective>,
           patch_item<ItemKind::kObjective>);
  resource("actions", list_items<ItemKind::kAction>, create_item<ItemKind::kAction>,
           patch_item<ItemKind::kAction>);
  resource("referrals", list_referrals, create_referral, patch_referral);
  http::add_resource(router, {b + "timeline", "", kPathwayRead, kPathwayWrite, with(s, timeline),
                              nullptr, nullptr});
}

}  // namespace jalon::pathways
