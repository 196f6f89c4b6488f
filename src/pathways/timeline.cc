// PathwayService: the record's timeline (appointments, interview reports, diagnoses and the
// pathway events, latest first) and the counselor's dashboard (what needs them now).
#include <algorithm>

#include "access/policy.h"
#include "meetings/referentials.h"
#include "pathways/documents.h"
#include "pathways/referentials.h"
#include "pathways/service.h"
#include "pathways/service_internal.h"

namespace jalon::pathways {

using access::audit_entry;
using access::Session;
using dates::french_date;

std::vector<Event> PathwayService::timeline(const Session& s, const std::string& beneficiary_id,
                                            const std::string& kind) {
  auto wants = [&](std::string_view k) { return kind.empty() || kind == k; };
  std::vector<Event> out;
  std::string zone = meetings_.zone(s);
  if (wants("rendez_vous")) {
    for (const auto& a : meetings_.of_beneficiary(s, beneficiary_id)) {
      out.push_back({"rendez_vous", a.starts_at,
                     "Rendez-vous " + std::string(label_of(meetings::appointment_kinds(), a.kind)) +
                         " — " +
                         std::string(label_of(meetings::participation_statuses(), a.status)),
                     "/rendez-vous/" + a.id});
    }
  }
  auto tx = db_.read();
  auto scoped = [&](const std::string& sql) {
    store::Params p{beneficiary_id};
    std::string cond = access::Scope::of(s).beneficiaries("b", p);
    return tx.query(sql + " AND " + cond, p);
  };
  if (wants("compte_rendu")) {
    for (const auto& r : scoped("SELECT r.id, r.kind, r.created_at, COALESCE(r.finalised_at, 0) "
                                "FROM interview_reports r JOIN beneficiaries b ON b.id = "
                                "r.beneficiary_id WHERE r.beneficiary_id = ?")) {
      std::string what(label_of(meetings::appointment_kinds(), r.text(1)));
      std::string href = "/comptes-rendus/" + r.text(0);
      out.push_back({"compte_rendu", r.i64(2), "Compte rendu commencé (" + what + ")", href});
      if (r.i64(3)) {
        out.push_back({"compte_rendu", r.i64(3), "Compte rendu finalisé (" + what + ")", href});
      }
    }
  }
  if (wants("diagnostic")) {
    for (const auto& r : scoped(
             "SELECT d.made_on, d.created_at, (SELECT COUNT(*) FROM diagnosis_items i WHERE "
             "i.diagnosis_id = d.id AND i.kind = 'barrier') FROM diagnoses d JOIN beneficiaries b "
             "ON b.id = d.beneficiary_id WHERE d.beneficiary_id = ?")) {
      auto day = dates::parse_iso_date(r.text(0));
      Millis at = day.ok() ? std::min(dates::day_start(*day, zone), r.i64(1)) : r.i64(1);
      int64_t n = r.i64(2);
      out.push_back({"diagnostic", at,
                     "Diagnostic du " + french_date(r.text(0)) + " : " + std::to_string(n) +
                         (n > 1 ? " freins" : " frein"),
                     "/beneficiaires/" + beneficiary_id + "/diagnostic"});
    }
  }
  for (const auto& r : scoped("SELECT e.kind, e.object_id, e.summary, e.occurred_at FROM "
                              "pathway_events e JOIN beneficiaries b ON b.id = e.beneficiary_id "
                              "WHERE e.beneficiary_id = ?")) {
    std::string k = r.text(0);
    if (!wants(k)) continue;
    std::string href = "/beneficiaires/" + beneficiary_id + "/parcours";
    if (k == "orientation") href = "/orientations/" + r.text(1) + "/modifier";
    if (k == "contrat") href = "/contrats/" + r.text(1);
    out.push_back({k, r.i64(3), r.text(2), href});
  }
  tx.commit();
  std::stable_sort(out.begin(), out.end(),
                   [](const Event& a, const Event& b) { return a.at > b.at; });
  audit_read(s, beneficiary_id, "timeline");
  return out;
}

Dashboard PathwayService::dashboard(const Session& s) {
  dates::Date now_day = today(s);
  std::string today_iso = dates::iso(now_day);
  std::string renew_by = dates::iso(dates::Date{now_day.days + kRenewalWindowDays});
  Dashboard d;
  auto tx = db_.read();
  auto lines = [&](const std::string& sql, store::Params p, auto&& make) {
    std::string cond = access::Scope::of(s).beneficiaries("b", p);
    std::vector<DashboardLine> out;
    for (const auto& r : tx.query(sql + " AND " + cond + " ORDER BY 1, 2 LIMIT 50", p)) {
      out.push_back(make(r));
    }
    return out;
  };
  auto person = [](const store::Row& r) { return r.text(2) + " " + r.text(3); };
  d.overdue_actions = lines(
      "SELECT a.due_on, a.id, b.first_name, b.last_name, a.beneficiary_id, a.code, a.free_label "
      "FROM pathway_actions a JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE "
      "a.structure_id = ? AND a.status IN (" +
          referential::sql_list(action_statuses(), kOpenStatus) + ") AND a.due_on < ?",
      {s.structure_id, today_iso}, [&](const store::Row& r) {
        std::string label = r.text(6);
        if (const auto* e = find_entry(action_catalogue(), r.text(5))) label = e->label;
        return DashboardLine{r.text(4), person(r), label, "échéance le " + french_date(r.text(0)),
                             "/actions/" + r.text(1) + "/modifier"};
      });
  d.contracts_to_renew = lines(
      "SELECT c.ends_on, c.id, b.first_name, b.last_name, c.beneficiary_id, c.kind, "
      "c.kind_detail FROM contracts c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE "
      "c.structure_id = ? AND c.status = ? AND c.ends_on <= ?",
      {s.structure_id, std::string(kContractActive), renew_by}, [&](const store::Row& r) {
        Contract c;
        c.kind = r.text(5);
        c.kind_detail = r.text(6);
        bool passed = r.text(0) < today_iso;
        return DashboardLine{
            r.text(4), person(r), contract_title(c),
            (passed ? "terminé depuis le " : "se termine le ") + french_date(r.text(0)),
            "/contrats/" + r.text(1)};
      });
  d.referrals_due = lines(
      "SELECT f.follow_up_on, f.id, b.first_name, b.last_name, f.beneficiary_id, f.partner FROM "
      "referrals f JOIN beneficiaries b ON b.id = f.beneficiary_id WHERE f.structure_id = ? AND "
      "f.status = ? AND f.follow_up_on <= ?",
      {s.structure_id, std::string(kReferralPending), today_iso}, [&](const store::Row& r) {
        return DashboardLine{r.text(4), person(r), "Orientation vers " + r.text(5),
                             "relance prévue le " + french_date(r.text(0)),
                             "/orientations/" + r.text(1) + "/modifier"};
      });
  std::string warn_by = dates::iso(dates::Date{now_day.days + kProofWarningDays});
  d.expiring_proofs = lines(
      "SELECT d.expires_on, d.id, b.first_name, b.last_name, d.beneficiary_id, d.label FROM "
      "beneficiary_documents d JOIN beneficiaries b ON b.id = d.beneficiary_id WHERE "
      "d.structure_id = ? AND d.deleted_at IS NULL AND d.expires_on IS NOT NULL AND "
      "d.expires_on <= ?",
      {s.structure_id, warn_by}, [&](const store::Row& r) {
        bool passed = r.text(0) < today_iso;
        return DashboardLine{r.text(4), person(r), r.text(5),
                             (passed ? "expiré depuis le " : "expire le ") + french_date(r.text(0)),
                             "/beneficiaires/" + r.text(4) + "/documents"};
      });
  std::string zone = meetings_.zone(s);
  d.draft_reports = lines(
      "SELECT r.created_at, r.id, b.first_name, b.last_name, r.beneficiary_id, r.kind FROM "
      "interview_reports r JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE "
      "r.structure_id = ? AND r.status = 'draft'",
      {s.structure_id}, [&](const store::Row& r) {
        return DashboardLine{
            r.text(4), person(r),
            "Compte rendu " + std::string(label_of(meetings::appointment_kinds(), r.text(5))),
            "commencé le " + dates::french(dates::local_date(r.i64(0), zone)),
            "/comptes-rendus/" + r.text(1)};
      });
  tx.commit();
  size_t n = d.overdue_actions.size() + d.contracts_to_renew.size() + d.referrals_due.size() +
             d.draft_reports.size() + d.expiring_proofs.size();
  audit_.record_async(
      audit_entry(s, "read", "dashboard", s.user_id, "pathway", "lines=" + std::to_string(n)));
  return d;
}

}  // namespace jalon::pathways
