// Outcomes in the JSON API (issue 18), with the pages' permissions and checks: the rates
// (aggregates: coordinators, directors, funders), a person's exits and follow-ups, recording an
// exit (the page's confirmation step is the client's), a re-entry, a follow-up answer.
// Described in web/static/openapi.json.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "http/json_api.h"
#include "outcomes/web.h"

namespace jalon::outcomes {
namespace {

using http::problem;
using http::Request;
using http::Response;
using nlohmann::json;

json rate_json(const Rate& r) {
  json j{{"numerator", r.numerator}, {"denominator", r.denominator}, {"shown", r.shown}};
  j["percent"] = r.shown ? json(r.percent) : json(nullptr);
  return j;
}

json row_json(const StatsRow& r) {
  return {{"key", r.key},
          {"label", r.label},
          {"exits", r.exits},
          {"examined", r.examined},
          {"durable", r.durable},
          {"transition", r.transition},
          {"positive", r.positive},
          {"other", r.other},
          {"unknown_category", r.unknown},
          {"average_days", r.exits ? r.days_total / r.exits : 0},
          {"dynamic_exit_rate", rate_json(r.dynamic)},
          {"employment_access_6m", rate_json(r.access6)},
          {"durable_employment_6m", rate_json(r.durable6)},
          {"rncp_global_6m", rate_json(r.rncp6.global)},
          {"rncp_target_job_6m", rate_json(r.rncp6.target_job)},
          {"rncp_global_24m", rate_json(r.rncp24.global)},
          {"rncp_target_job_24m", rate_json(r.rncp24.target_job)},
          {"unreachable_6m", r.unreachable6},
          {"unreachable_24m", r.unreachable24}};
}

Response rates(const Services& s, Request& req) {
  auto q = stats_query(req);
  auto st = s.outcomes.statistics(access::session_of(req), q);
  json rows = json::array();
  for (const auto& r : st.rows) rows.push_back(row_json(r));
  auto a = s.outcomes.activity(access::session_of(req), q);
  json activity{{"workshop_sessions", a.sessions},
                {"workshop_enrolled", a.enrolled},
                {"workshop_attendance", rate_json(a.attendance)},
                {"referrals", a.referrals},
                {"referrals_answered_15d", rate_json(a.within15)},
                {"referrals_answered_30d", rate_json(a.within30)}};
  return Response::json(json{
      {"small_cell", st.small_cell},
      {"entries", st.entries},
      {"total", row_json(st.total)},
      {"rows", rows},
      {"activity",
       activity}}.dump());
}

Response fse_indicators(const Services& s, Request& req) {
  auto r = s.outcomes.fse_report(access::session_of(req), stats_query(req), false);
  json items = json::array();
  for (const auto& i : r.indicators) {
    json j{{"code", i.code}, {"label", i.label}, {"moment", i.moment}, {"collected", i.collected}};
    if (i.collected) {
      j["women"] = i.women;
      j["men"] = i.men;
      j["other"] = i.other;
      j["total"] = i.total();
    }
    items.push_back(j);
  }
  return Response::json(json{
      {"mapping_version", r.version},
      {"status_mistakes", r.status_mistakes},
      {"indicators", items}}.dump());
}

json exit_json(const Exit& e) {
  json j{{"id", e.id},
         {"entry_on", e.entry_on},
         {"exit_on", e.exit_on},
         {"reason", e.reason},
         {"situation", e.situation},
         {"employer", e.employer},
         {"job_code", e.job_code},
         {"job_label", e.job_label},
         {"category", e.category},
         {"examined", e.examined},
         {"fse", e.fse}};
  j["contract_months"] = e.contract_months ? json(*e.contract_months) : json(nullptr);
  j["reentered_on"] = e.reentered_on.empty() ? json(nullptr) : json(e.reentered_on);
  return j;
}

json followup_json(const Followup& f) {
  return {{"id", f.id},         {"exit_id", f.exit_id}, {"moment", f.moment},
          {"due_on", f.due_on}, {"status", f.status},   {"situation", f.situation},
          {"opened", f.opened}, {"overdue", f.overdue}, {"answered_on", f.answered_on}};
}

bool visible(const Services& s, const Request& req) {
  return s.records.open(req, req.param("id"), "identity,outcomes").has_value();
}

Response person_exits(const Services& s, Request& req) {
  if (!visible(s, req)) return Response::not_found();
  const auto& session = access::session_of(req);
  json exits = json::array(), followups = json::array();
  for (const auto& e : s.outcomes.exits_of(session, req.param("id"))) exits.push_back(exit_json(e));
  for (const auto& f : s.outcomes.followups_of(session, req.param("id"))) {
    followups.push_back(followup_json(f));
  }
  return Response::json(json{{"exits", exits}, {"followups", followups}}.dump());
}

Response create_exit(const Services& s, Request& req) {
  if (!visible(s, req)) return Response::not_found();
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  ExitInput in;
  for (auto [k, v] : {std::pair{"on", &in.on}, std::pair{"reason", &in.reason},
                      std::pair{"situation", &in.situation}, std::pair{"employer", &in.employer},
                      std::pair{"job_code", &in.job_code}, std::pair{"job_label", &in.job_label},
                      std::pair{"note", &in.note}}) {
    f.take(k, *v);
  }
  for (auto [k, v] : {std::pair{"contract_months", &in.contract_months},
                      std::pair{"hours_worked", &in.hours_worked}}) {
    if (f.has(k)) {
      long long n = f.integer(k, -1, 0, 1'000'000);
      if (n >= 0) *v = std::to_string(n);
    }
  }
  in.fse = f.boolean("fse", false);
  if (f.error()) return problem(*f.error(), req);
  const auto& session = access::session_of(req);
  auto id = s.outcomes.record_exit(session, req.param("id"), in);
  if (!id.ok()) return problem(id.error(), req);
  for (const auto& e : s.outcomes.exits_of(session, req.param("id"))) {
    if (e.id == *id) return Response::json(exit_json(e).dump(), 201);
  }
  return Response::not_found();
}

Response reentry(const Services& s, Request& req) {
  if (!visible(s, req)) return Response::not_found();
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  std::string on = f.string("on"), note = f.string("note");
  if (f.error()) return problem(*f.error(), req);
  auto st = s.outcomes.reenter(access::session_of(req), req.param("id"), on, note);
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(json{{"ok", true}}.dump());
}

Response answer_followup(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  if (!s.outcomes.followup(session, req.param("id"))) return Response::not_found();
  json j;
  if (!http::json_object_body(req, j)) return http::bad_body(req);
  http::JsonFields f(j);
  FollowupAnswer in;
  for (auto [k, v] : {std::pair{"status", &in.status}, std::pair{"situation", &in.situation},
                      std::pair{"employer", &in.employer}, std::pair{"job_label", &in.job_label},
                      std::pair{"answered_on", &in.answered_on}}) {
    f.take(k, *v);
  }
  if (f.has("contract_months")) {
    long long n = f.integer("contract_months", -1, 0, 1'000'000);
    if (n >= 0) in.contract_months = std::to_string(n);
  }
  in.in_target_job = f.boolean("in_target_job", false);
  if (f.error()) return problem(*f.error(), req);
  auto st = s.outcomes.record_followup(session, req.param("id"), in);
  if (!st.ok()) return problem(st.error(), req);
  return Response::json(followup_json(*s.outcomes.followup(session, req.param("id"))).dump());
}

Response send_questionnaire(const Services& s, Request& req) {
  auto sent = s.outcomes.send_questionnaire(access::session_of(req), req.param("id"), s.base_url);
  if (!sent.ok()) return problem(sent.error(), req);
  return Response::json(
      json{{"recipient", sent->recipient}, {"expires_at", sent->expires_at}}.dump(), 201);
}

}  // namespace

void register_api(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/api/v1/outcomes/rates", access::kOutcomesStats, http::on(s, rates)},
      {kGet, "/api/v1/outcomes/fse-indicators", access::kOutcomesStats,
       http::on(s, fse_indicators)},
      {kGet, "/api/v1/beneficiaries/{id}/exits", access::kBeneficiariesRead,
       http::on(s, person_exits)},
      {kPost, "/api/v1/beneficiaries/{id}/exit", access::kBeneficiariesWrite,
       http::on(s, create_exit)},
      {kPost, "/api/v1/beneficiaries/{id}/reentry", access::kBeneficiariesWrite,
       http::on(s, reentry)},
      {kPost, "/api/v1/exit-followups/{id}", access::kBeneficiariesWrite,
       http::on(s, answer_followup)},
      {kPost, "/api/v1/exit-followups/{id}/questionnaire", access::kBeneficiariesWrite,
       http::on(s, send_questionnaire)},
  });
}

}  // namespace jalon::outcomes
