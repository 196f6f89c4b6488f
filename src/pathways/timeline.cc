// PathwayService: the record's timeline (appointments, interview reports, diagnoses and the
// pathway events, latest first) and the counselor's dashboard (what needs them now).
#include <algorithm>

#include "access/policy.h"
#include "meetings/referentials.h"
#include "pathways/documents.h"
#include "pathways/referentials.h"
#include "pathways/service.h"
#include "pathways/service_internal.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"

namespace jalon::pathways {

using access::audit_entry;
using access::Session;
using dates::french_date;

namespace {

// The columns of a dashboard line after its date: the object's id, the person's first and last
// names, the person's id.
struct Who {
  std::string id, person, person_id;
};
Who who(store::RowReader& c) {
  Who w;
  w.id = c.text();
  std::string first = c.text();
  w.person = first + " " + c.text();
  w.person_id = c.text();
  return w;
}

}  // namespace

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
      store::RowReader c(r);
      std::string href = "/comptes-rendus/" + c.text();
      std::string what(label_of(meetings::appointment_kinds(), c.text()));
      Millis started = c.i64(), finalised = c.i64();
      out.push_back({"compte_rendu", started, "Compte rendu commencé (" + what + ")", href});
      if (finalised) {
        out.push_back({"compte_rendu", finalised, "Compte rendu finalisé (" + what + ")", href});
      }
    }
  }
  if (wants("diagnostic")) {
    for (const auto& r : scoped(
             "SELECT d.made_on, d.created_at, (SELECT COUNT(*) FROM diagnosis_items i WHERE "
             "i.diagnosis_id = d.id AND i.kind = 'barrier') FROM diagnoses d JOIN beneficiaries b "
             "ON b.id = d.beneficiary_id WHERE d.beneficiary_id = ?")) {
      store::RowReader c(r);
      std::string made_on = c.text();
      Millis created = c.i64();
      int64_t n = c.i64();
      auto day = dates::parse_iso_date(made_on);
      Millis at = day.ok() ? std::min(dates::day_start(*day, zone), created) : created;
      out.push_back({"diagnostic", at,
                     "Diagnostic du " + french_date(made_on) + " : " + std::to_string(n) +
                         (n > 1 ? " freins" : " frein"),
                     "/beneficiaires/" + beneficiary_id + "/diagnostic"});
    }
  }
  if (wants("atelier")) {  // workshop participations (issue 16)
    for (const auto& r :
         scoped("SELECT ws.id, t.title, ws.starts_at, p.status, p.waiting FROM "
                "workshop_participations p JOIN workshop_sessions ws ON ws.id = p.session_id JOIN "
                "workshop_templates t ON t.id = ws.template_id JOIN beneficiaries b ON b.id = "
                "p.beneficiary_id WHERE p.beneficiary_id = ?")) {
      store::RowReader c(r);
      std::string id = c.text(), title = c.text();
      Millis at = c.i64();
      std::string status(label_of(workshops::participation_statuses(), c.text()));
      if (c.boolean()) status = "liste d'attente";
      out.push_back(
          {"atelier", at, "Atelier « " + title + " » — " + status, "/seances-atelier/" + id});
    }
  }
  for (const auto& r : scoped("SELECT e.kind, e.object_id, e.summary, e.occurred_at FROM "
                              "pathway_events e JOIN beneficiaries b ON b.id = e.beneficiary_id "
                              "WHERE e.beneficiary_id = ?")) {
    store::RowReader c(r);
    std::string k = c.text(), object_id = c.text(), summary = c.text();
    Millis at = c.i64();
    if (!wants(k)) continue;
    std::string href = "/beneficiaires/" + beneficiary_id + "/parcours";
    if (k == "orientation") href = "/orientations/" + object_id + "/modifier";
    if (k == "contrat") href = "/contrats/" + object_id;
    if (k == "candidature") href = "/candidatures/" + object_id;
    if (k == "immersion") href = "/immersions/" + object_id;
    out.push_back({k, at, summary, href});
  }
  tx.commit();
  std::stable_sort(out.begin(), out.end(),
                   [](const Event& a, const Event& b) { return a.at > b.at; });
  audit_read(s, beneficiary_id, "timeline");
  return out;
}

namespace {

// Runs one dashboard query in the caller's scope (at most 50 lines, by date). Each query selects
// a date, the object's id, the person (first name, last name, id), then its own columns; `make`
// reads them from the reader, the date first.
struct Lines {
  store::Tx& tx;
  const Session& s;
  template <class Make>
  std::vector<DashboardLine> operator()(const std::string& sql, store::Params p, Make&& make) {
    std::string cond = access::Scope::of(s).beneficiaries("b", p);
    std::vector<DashboardLine> out;
    for (const auto& r : tx.query(sql + " AND " + cond + " ORDER BY 1, 2 LIMIT 50", p)) {
      store::RowReader c(r);
      out.push_back(make(c));
    }
    return out;
  }
};

// The pathway's own lines: overdue actions, contracts to renew, referrals to follow up.
void pathway_lines(Lines& lines, Dashboard& d, dates::Date now_day) {
  const Session& s = lines.s;
  std::string today_iso = dates::iso(now_day);
  std::string renew_by = dates::iso(dates::Date{now_day.days + kRenewalWindowDays});
  d.overdue_actions = lines(
      "SELECT a.due_on, a.id, b.first_name, b.last_name, a.beneficiary_id, a.code, a.free_label "
      "FROM pathway_actions a JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE "
      "a.structure_id = ? AND a.status IN (" +
          referential::sql_list(action_statuses(), kOpenStatus) + ") AND a.due_on < ?",
      {s.structure_id, today_iso}, [&](store::RowReader& c) {
        std::string due = c.text();
        Who w = who(c);
        std::string code = c.text(), label = c.text();
        if (const auto* e = find_entry(action_catalogue(), code)) label = e->label;
        return DashboardLine{w.person_id, w.person, label, "échéance le " + french_date(due),
                             "/actions/" + w.id + "/modifier"};
      });
  d.contracts_to_renew = lines(
      "SELECT c.ends_on, c.id, b.first_name, b.last_name, c.beneficiary_id, c.kind, "
      "c.kind_detail FROM contracts c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE "
      "c.structure_id = ? AND c.status = ? AND c.ends_on <= ?",
      {s.structure_id, std::string(kContractActive), renew_by}, [&](store::RowReader& c) {
        std::string ends = c.text();
        Who w = who(c);
        Contract k;
        k.kind = c.text();
        k.kind_detail = c.text();
        bool passed = ends < today_iso;
        return DashboardLine{w.person_id, w.person, contract_title(k),
                             (passed ? "terminé depuis le " : "se termine le ") + french_date(ends),
                             "/contrats/" + w.id};
      });
  d.referrals_due = lines(
      "SELECT f.follow_up_on, f.id, b.first_name, b.last_name, f.beneficiary_id, f.partner FROM "
      "referrals f JOIN beneficiaries b ON b.id = f.beneficiary_id WHERE f.structure_id = ? AND "
      "f.status = ? AND f.follow_up_on <= ?",
      {s.structure_id, std::string(kReferralPending), today_iso}, [&](store::RowReader& c) {
        std::string follow_up = c.text();
        Who w = who(c);
        return DashboardLine{w.person_id, w.person, "Orientation vers " + c.text(),
                             "relance prévue le " + french_date(follow_up),
                             "/orientations/" + w.id + "/modifier"};
      });
}

// The record's lines: proofs about to expire, interview reports left in draft.
void record_lines(Lines& lines, Dashboard& d, dates::Date now_day, const std::string& zone) {
  const Session& s = lines.s;
  std::string today_iso = dates::iso(now_day);
  std::string warn_by = dates::iso(dates::Date{now_day.days + kProofWarningDays});
  d.expiring_proofs = lines(
      "SELECT d.expires_on, d.id, b.first_name, b.last_name, d.beneficiary_id, d.label FROM "
      "beneficiary_documents d JOIN beneficiaries b ON b.id = d.beneficiary_id WHERE "
      "d.structure_id = ? AND d.deleted_at IS NULL AND d.expires_on IS NOT NULL AND "
      "d.expires_on <= ?",
      {s.structure_id, warn_by}, [&](store::RowReader& c) {
        std::string expires = c.text();
        Who w = who(c);
        bool passed = expires < today_iso;
        return DashboardLine{w.person_id, w.person, c.text(),
                             (passed ? "expiré depuis le " : "expire le ") + french_date(expires),
                             "/beneficiaires/" + w.person_id + "/documents"};
      });
  d.draft_reports = lines(
      "SELECT r.created_at, r.id, b.first_name, b.last_name, r.beneficiary_id, r.kind FROM "
      "interview_reports r JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE "
      "r.structure_id = ? AND r.status = 'draft'",
      {s.structure_id}, [&](store::RowReader& c) {
        Millis started = c.i64();
        Who w = who(c);
        return DashboardLine{
            w.person_id, w.person,
            "Compte rendu " + std::string(label_of(meetings::appointment_kinds(), c.text())),
            "commencé le " + dates::french(dates::local_date(started, zone)),
            "/comptes-rendus/" + w.id};
      });
}

}  // namespace

// Past appointments still "non déterminé": their outcome is set from the dashboard's card.
void meeting_lines(Lines& lines, Dashboard& d, Millis now, const std::string& zone) {
  d.missing_outcomes = lines(
      "SELECT a.starts_at, a.id, b.first_name, b.last_name, a.beneficiary_id, a.kind FROM "
      "appointments a JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE a.structure_id = ? "
      "AND a.status = ? AND a.starts_at < ?",
      {lines.s.structure_id, std::string(meetings::kUndetermined), now}, [&](store::RowReader& c) {
        Millis at = c.i64();
        Who w = who(c);
        return DashboardLine{
            w.person_id,
            w.person,
            "Rendez-vous " + std::string(label_of(meetings::appointment_kinds(), c.text())),
            dates::french_datetime(at, zone),
            "/rendez-vous/" + w.id,
            w.id};
      });
}

Dashboard PathwayService::dashboard(const Session& s) {
  dates::Date now_day = today(s);
  std::string zone = meetings_.zone(s);
  Dashboard d;
  auto tx = db_.read();
  Lines lines{tx, s};
  pathway_lines(lines, d, now_day);
  record_lines(lines, d, now_day, zone);
  meeting_lines(lines, d, clock_.now_ms(), zone);
  tx.commit();
  size_t n = d.overdue_actions.size() + d.contracts_to_renew.size() + d.referrals_due.size() +
             d.draft_reports.size() + d.expiring_proofs.size() + d.missing_outcomes.size();
  audit_.record_async(
      audit_entry(s, "read", "dashboard", s.user_id, "pathway", "lines=" + std::to_string(n)));
  return d;
}

}  // namespace jalon::pathways
