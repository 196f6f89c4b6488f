// The counselor's dashboard on the home page (issue 14): each card counts a list and leads to it.
// The cards of people (follow-up overdue, no contact for 60 days, eligibility to renew, contract
// ending this month, no référent) link to the caseload filtered the same way, their count being
// that list's length (BeneficiaryService::caseload_count with the same query); the cards of
// objects (actions, contracts, reports, referrals, proofs, past appointments without outcome)
// list them. A past appointment's outcome is set inline from its card (htmx swaps the card;
// without JavaScript the form posts and comes back to the dashboard).
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/roles.h"
#include "beneficiaries/web.h"
#include "core/dates.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "pathways/web.h"

namespace jalon::pathways {
namespace {

using beneficiaries::CaseloadQuery;

// The card "Rendez-vous passés sans issue" (its own template: htmx swaps it).
constexpr const char* kOutcomesCard = "dashboard_outcomes";
constexpr int kNoContactDays = 60;

json lines_json(const std::vector<DashboardLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    out.push_back({{"person", l.person},
                   {"record", "/beneficiaires/" + l.beneficiary_id},
                   {"what", l.what},
                   {"when", l.when},
                   {"href", l.href},
                   {"id", l.object_id}});
  }
  return out;
}

// The outcomes a counselor records for a past appointment (all but "non déterminé").
json outcome_options() {
  json out = json::array();
  for (const auto& c : meetings::participation_statuses()) {
    if (c.code != meetings::kUndetermined) out.push_back({{"code", c.code}, {"label", c.label}});
  }
  return out;
}

// A link to the caseload filtered by `q`, with that list's length.
json list_link(const Services& svc, const access::Session& s, const std::string& label,
               const CaseloadQuery& q) {
  return {{"label", label},
          {"href", beneficiaries::caseload_href(q)},
          {"count", svc.beneficiaries.caseload_count(s, q)}};
}

// The cards of people, each a list of links to filtered caseloads.
json people_cards(const Services& svc, const access::Session& s) {
  CaseloadQuery overdue, silent, expired, renew, ending, orphans, outcomes;
  overdue.overdue = true;
  silent.no_contact_days = kNoContactDays;
  expired.eligibility = "expiree";
  renew.eligibility = "a_renouveler";
  ending.contract_ending = true;
  orphans.no_referent = true;
  outcomes.missing_outcome = true;
  json cards = {{"followup",
                 json::array({list_link(svc, s, "Suivi en retard", overdue),
                              list_link(svc, s, "Sans contact depuis 60 jours ou plus", silent)})},
                {"eligibility",
                 json::array({list_link(svc, s, "Éligibilité expirée", expired),
                              list_link(svc, s, "Expirée ou qui expire sous 30 jours", renew)})},
                {"ending", list_link(svc, s, "Contrats se terminant ce mois-ci", ending)},
                {"outcome_people", list_link(svc, s, "Personnes concernées", outcomes)}};
  if (s.role == access::Role::kCoordinator) {
    cards["orphans"] = list_link(svc, s, "Personnes sans référent·e", orphans);
  }
  return cards;
}

}  // namespace

void add_dashboard(const Services& svc, const Request& req, json& ctx) {
  const auto* s = std::any_cast<access::Session>(&req.auth);
  if (!s || !s->mfa_ok() || s->must_change_password ||
      !access::role_has(s->role, access::kPathwayRead.name())) {
    return;
  }
  std::string zone = svc.meetings.zone(*s);
  dates::Date today = svc.pathways.today(*s);
  json appointments = json::array();
  for (const auto& a : svc.meetings.agenda(*s, s->user_id, dates::day_start(today, zone),
                                           dates::day_start(dates::Date{today.days + 1}, zone))) {
    appointments.push_back(meetings::view::appointment_json(a, zone));
  }
  Dashboard d = svc.pathways.dashboard(*s);
  json dash = {{"today", dates::french_long(today)},
               {"appointments", appointments},
               {"has_appointments", !appointments.empty()},
               {"overdue_actions", lines_json(d.overdue_actions)},
               {"has_overdue_actions", !d.overdue_actions.empty()},
               {"contracts", lines_json(d.contracts_to_renew)},
               {"has_contracts", !d.contracts_to_renew.empty()},
               {"drafts", lines_json(d.draft_reports)},
               {"has_drafts", !d.draft_reports.empty()},
               {"referrals", lines_json(d.referrals_due)},
               {"has_referrals", !d.referrals_due.empty()},
               {"proofs", lines_json(d.expiring_proofs)},
               {"has_proofs", !d.expiring_proofs.empty()},
               {"outcomes", lines_json(d.missing_outcomes)},
               {"has_outcomes", !d.missing_outcomes.empty()},
               {"outcome_options", outcome_options()},
               {"people", people_cards(svc, *s)},
               {"counts",
                {{"appointments", appointments.size()},
                 {"overdue_actions", d.overdue_actions.size()},
                 {"contracts", d.contracts_to_renew.size()},
                 {"drafts", d.draft_reports.size()},
                 {"referrals", d.referrals_due.size()},
                 {"proofs", d.expiring_proofs.size()},
                 {"outcomes", d.missing_outcomes.size()}}}};
  ctx["dashboard"] = dash;
}

namespace {

// Records a past appointment's outcome from the dashboard. htmx gets the card again (the line
// gone, the count one less, a message for screen readers); a plain form post comes back to the
// dashboard.
Response set_outcome(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  Status st = svc.meetings.set_participation(s, req.param("id"), req.form.get("status"));
  if (!st.ok() && st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  bool htmx = req.header("hx-request") == "true";
  if (!htmx) {
    if (st.ok()) return Response::redirect("/#d-sans-issue");
    json ctx = {{"title", "Tableau de bord"}, {"error", st.error().message}};
    add_dashboard(svc, req, ctx);
    return svc.page(req, "home", ctx, 422);
  }
  json ctx = ui::page_context(req, "Tableau de bord");
  add_dashboard(svc, req, ctx);
  if (st.ok()) {
    ctx["dashboard"]["outcome_message"] = "Issue enregistrée.";
  } else {
    ctx["dashboard"]["outcome_error"] = st.error().message;
  }
  return Response::html(svc.renderer.render(kOutcomesCard, ctx), st.ok() ? 200 : 422);
}

}  // namespace

void register_dashboard(http::Router& router, const Services& s) {
  router.add_all({{http::Method::kPost, "/tableau-de-bord/rendez-vous/{id}/issue", kPathwayWrite,
                   http::on(s, set_outcome)}});
}

}  // namespace jalon::pathways
