// The caseload desk (issue 14): the derived next follow-up (appointments, last contact, the
// structure's interval) and the filters counselors asked for, their counts equal to the lists'
// lengths, and the cached pages following every write.
#include <doctest/doctest.h>

#include "access/policy.h"
#include "beneficiaries/followup.h"
#include "beneficiaries/service.h"
#include "meetings/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using access::Session;
using beneficiaries::CaseloadQuery;
using jalon::testing::kDay;

namespace {

struct Fixture : testing::CaseFixture {
  meetings::MeetingService meetings{store.db(), clock, rng, audit};
  explicit Fixture(store::Engine e) : CaseFixture(e) {}

  std::vector<std::string> names(const Session& s, const CaseloadQuery& q) {
    std::vector<std::string> out;
    for (const auto& r : people.caseload(s, q).rows) out.push_back(r.last_name);
    // The count shown before a filter is applied is the list's length.
    CHECK(people.caseload_count(s, q) == static_cast<int64_t>(out.size()));
    return out;
  }
  std::string column(const std::string& sql) {
    auto tx = store.db().read();
    auto r = tx.query_one(sql);
    std::string v = r && !r->is_null(0) ? r->text(0) : "";
    tx.commit();
    return v;
  }
  // A change the services do not make (another domain's row, a past state): written directly,
  // with the generation bump every real write makes.
  void exec(const std::string& sql, const store::Params& p = {}) {
    auto tx = store.db().write();
    tx.exec(sql, p);
    access::bump_caseload_generation(tx, "sA");
    tx.commit();
  }
  static meetings::AppointmentInput input(std::string date, std::string time = "14:30") {
    meetings::AppointmentInput in;
    in.date = std::move(date);
    in.time = std::move(time);
    in.duration_min = 45;
    in.kind = "suivi";
    in.mode = "sur_place";
    in.place = "Salle 2";
    return in;
  }
};

CaseloadQuery overdue() {
  CaseloadQuery q;
  q.overdue = true;
  return q;
}

}  // namespace

TEST_CASE("the next follow-up is derived from the appointments and the last contact") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string id = f.person(f.c1, "Morel");  // entered 2026-01-05, nobody met her since
    std::string next = "SELECT next_followup_on FROM beneficiaries WHERE last_name = 'Morel'";
    std::string last = "SELECT last_contact_on FROM beneficiaries WHERE last_name = 'Morel'";
    CHECK(f.column(next) == "2026-02-04");  // entry + the structure's 30 days
    CHECK(f.column(last) == "");
    CHECK(f.names(f.c1, overdue()) == std::vector<std::string>{"Morel"});
    CHECK(f.people.caseload(f.c1, {}).rows.at(0).overdue);

    // An appointment planned: it is the next follow-up, she is no longer overdue (at once,
    // although the overdue list was cached).
    auto a = f.meetings.schedule(f.c1, id, Fixture::input("2026-11-26"));
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    CHECK(f.column(next) == "2026-11-26");
    CHECK(f.names(f.c1, overdue()).empty());

    // Two days later it has passed without an outcome: planned no more, she is overdue again
    // and on the "rendez-vous passé sans issue" list.
    f.clock.advance(3 * kDay);
    CaseloadQuery missing;
    missing.missing_outcome = true;
    CHECK(f.names(f.c1, missing) == std::vector<std::string>{"Morel"});
    // The counselor records that she came: last contact that day, next one 30 days later.
    REQUIRE(f.meetings.set_participation(f.c1, *a, "honore").ok());
    CHECK(f.column(last) == "2026-11-26");
    CHECK(f.column(next) == "2026-12-26");
    CHECK(f.names(f.c1, overdue()).empty());
    CHECK(f.names(f.c1, missing).empty());
    CaseloadQuery silent;
    silent.no_contact_days = 60;
    CHECK(f.names(f.c1, silent).empty());

    // The structure's interval drives the fallback; a refresh reports what it stored.
    f.exec("UPDATE structures SET followup_interval_days = 10 WHERE id = 'sA'");
    beneficiaries::Followup fu;
    {
      auto tx = f.store.db().write();
      fu = beneficiaries::refresh_followup(tx, id, f.clock.now_ms());
      tx.commit();
    }
    CHECK(fu.last_contact_on == "2026-11-26");
    CHECK(fu.next_followup_on == "2026-12-06");
    // Start-up derives only the people without one.
    f.exec("UPDATE beneficiaries SET next_followup_on = NULL");
    CHECK(beneficiaries::refresh_missing_followups(f.store.db(), f.clock.now_ms()) == 1);
    CHECK(beneficiaries::refresh_missing_followups(f.store.db(), f.clock.now_ms()) == 0);
    CHECK(f.column(next) == "2026-12-06");
  }
}

TEST_CASE("caseload filters: exited, no référent, contract ending, no contact, eligibility") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    // A coordinator of the whole structure (no team): people without référent are theirs.
    Session k = testing::session("k2", access::Role::kCoordinator, "sA", "");
    std::string aubert = f.person(f.c1, "Aubert");
    std::string benoit = f.person(f.c1, "Benoit");
    std::string carre = f.person(f.c1, "Carre");
    std::string dumas = f.person(f.c1, "Dumas");
    using V = std::vector<std::string>;
    CHECK(f.names(k, {}) == V{"Aubert", "Benoit", "Carre", "Dumas"});

    // Exited people leave the default list; the "sorti" status or "tous" show them.
    f.exec("UPDATE beneficiaries SET status = 'sorti' WHERE id = ?", {dumas});
    CHECK(f.names(k, {}) == V{"Aubert", "Benoit", "Carre"});
    CaseloadQuery all;
    all.status = "tous";
    CHECK(f.names(k, all).size() == 4);
    CaseloadQuery exited;
    exited.status = "sorti";
    CHECK(f.names(k, exited) == V{"Dumas"});

    // No référent: the coordinator finds them.
    f.exec("DELETE FROM caseload_members WHERE beneficiary_id = ?", {carre});
    CaseloadQuery orphans;
    orphans.no_referent = true;
    CHECK(f.names(k, orphans) == V{"Carre"});

    // An active contract ending this month (November 2026), one ending next month, one ended.
    int n = 0;
    for (auto [who, status, ends] : {std::tuple{aubert, "en_cours", "2026-11-30"},
                                     std::tuple{benoit, "en_cours", "2026-12-01"},
                                     std::tuple{carre, "termine", "2026-11-10"}}) {
      f.exec(
          "INSERT INTO contracts (id, structure_id, beneficiary_id, kind, status, starts_on, "
          "ends_on, created_at, created_by, updated_at, updated_by) VALUES (?, 'sA', ?, "
          "'cddi', ?, '2026-06-01', ?, 0, 'c1', 0, 'c1')",
          {"ct" + std::to_string(++n), who, std::string(status), std::string(ends)});
    }
    CaseloadQuery ending;
    ending.contract_ending = true;
    CHECK(f.names(k, ending) == V{"Aubert"});

    // Eligibility: Aubert's expired, Benoit's expires within 30 days, Carre's holds.
    for (auto [who, until] : {std::pair{aubert, "2026-11-01"}, std::pair{benoit, "2026-12-10"},
                              std::pair{carre, "2027-10-01"}}) {
      f.exec(
          "INSERT INTO eligibility_diagnoses (id, beneficiary_id, siae_kind, author_kind, "
          "made_on, valid_until, eligible, explanation, created_at, created_by) VALUES (?, ?, "
          "'aci', 'siae', '2024-11-01', ?, 1, '', 0, 'c1')",
          {"el" + who, who, std::string(until)});
    }
    CaseloadQuery expired, renew;
    expired.eligibility = "expiree";
    renew.eligibility = "a_renouveler";
    CHECK(f.names(k, expired) == V{"Aubert"});
    CHECK(f.names(k, renew) == V{"Aubert", "Benoit"});

    // No contact for N days: from the last contact, else the entry (2026-01-05).
    f.exec("UPDATE beneficiaries SET last_contact_on = '2026-11-01' WHERE id = ?", {benoit});
    CaseloadQuery silent;
    silent.no_contact_days = 60;
    CHECK(f.names(k, silent) == V{"Aubert", "Carre"});
    silent.no_contact_days = 20;
    CHECK(f.names(k, silent) == V{"Aubert", "Benoit", "Carre"});

    // Filters combine; the counselor's scope still applies (c2 sees none of them).
    CaseloadQuery both = renew;
    both.contract_ending = true;
    CHECK(f.names(k, both) == V{"Aubert"});
    CHECK(f.names(f.c2, renew).empty());

    // The "Prochain suivi" sort: soonest first.
    f.exec("UPDATE beneficiaries SET next_followup_on = '2026-12-01' WHERE id = ?", {aubert});
    f.exec("UPDATE beneficiaries SET next_followup_on = '2026-11-01' WHERE id = ?", {carre});
    CaseloadQuery by_followup;
    by_followup.sort = "followup";
    CHECK(f.names(k, by_followup) == V{"Benoit", "Carre", "Aubert"});
  }
}
