#include "pathways/service.h"

#include <doctest/doctest.h>

#include "meetings/referentials.h"
#include "meetings/reports.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::pathways;
using access::Session;

namespace {

using jalon::testing::kDay;
using jalon::testing::kNow;

// The shared world plus the pathway's services and one person, Alix Morel (c1's caseload) with a
// diagnosis of two barriers.
struct Fixture : jalon::testing::CaseFixture {
  meetings::MeetingService meetings{store.db(), clock, rng, audit};
  meetings::ReportService reports{store.db(), clock, rng, audit, meetings, people};
  PathwayService pathways{store.db(), clock, rng, audit, meetings};
  std::string b;

  explicit Fixture(store::Engine e) : CaseFixture(e), b(person(c1, "Morel")) {
    REQUIRE(people
                .record_diagnosis(c1, b, "2026-11-01", "Entrée",
                                  {{"mobilite", "mo_aucun", "barrier", 3, "", ""},
                                   {"logement", "lo_tiers", "barrier", 2, "", ""}})
                .ok());
  }

  static ContractInput contract(std::string status = "en_cours", std::string ends = "2027-05-31") {
    return {"cer", "", std::move(status), "2026-11-20", "2026-12-01", std::move(ends)};
  }
};

}  // namespace

TEST_CASE("contracts: validated by field, renewal alert, scoped, audited, on the timeline") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    struct Bad {
      ContractInput in;
      const char* field;
    };
    std::vector<Bad> bad = {
        {{"aucun", "", "en_cours", "2026-11-20", "2026-12-01", "2027-05-31"}, "kind"},
        {{"autre", "", "en_cours", "2026-11-20", "2026-12-01", "2027-05-31"}, "kind_detail"},
        {{"cer", "", "signe", "2026-11-20", "2026-12-01", "2027-05-31"}, "status"},
        {{"cer", "", "en_cours", "2026-11-20", "", "2027-05-31"}, "starts_on"},
        {{"cer", "", "en_cours", "2026-11-20", "2026-12-01", "2026-02-30"}, "ends_on"},
        {{"cer", "", "en_cours", "2026-11-20", "2026-12-01", "2026-11-30"}, "ends_on"},
        {{"cer", "", "en_cours", "", "2026-12-01", "2027-05-31"}, "signed_on"},
        {{"cer", "", "en_cours", "2026-12-20", "2026-12-01", "2027-05-31"}, "signed_on"},
    };
    for (const auto& x : bad) {
      auto r = f.pathways.add_contract(f.c1, f.b, x.in);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().field == x.field);
    }
    CHECK(f.count("SELECT COUNT(*) FROM contracts") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM pathway_events") == 0);

    auto id = f.pathways.add_contract(f.c1, f.b, Fixture::contract());
    REQUIRE(id.ok());
    auto c = f.pathways.contract(f.c1, *id);
    REQUIRE(c);
    CHECK(c->renewal == Renewal::kNone);
    CHECK(contract_title(*c) == "CER (contrat d'engagement réciproque)");
    CHECK(f.count("SELECT COUNT(*) FROM beneficiaries WHERE contract_kind = 'cer'") == 1);
    CHECK(f.pathways.contract(f.coord, *id));
    CHECK_FALSE(f.pathways.contract(f.c2, *id));
    CHECK_FALSE(f.pathways.contract(f.cb, *id));
    CHECK(f.pathways.add_contract(f.c2, f.b, Fixture::contract()).error().kind ==
          ErrorKind::kNotFound);
    CHECK(f.pathways.update_contract(f.cb, *id, Fixture::contract()).error().kind ==
          ErrorKind::kNotFound);

    // Twenty days before its end the contract is to renew; after its end, overdue.
    f.clock.set(kNow + 168 * kDay);  // 2027-05-11
    CHECK(f.pathways.contract(f.c1, *id)->renewal == Renewal::kSoon);
    CHECK(f.pathways.contract(f.c1, *id)->days_left == 20);
    f.clock.set(kNow + 189 * kDay);  // 2027-06-01
    CHECK(f.pathways.contract(f.c1, *id)->renewal == Renewal::kPassed);
    REQUIRE(f.pathways.update_contract(f.c1, *id, Fixture::contract("termine")).ok());
    CHECK(f.pathways.contract(f.c1, *id)->renewal == Renewal::kNone);

    auto events = f.pathways.timeline(f.c1, f.b, "contrat");
    REQUIRE(events.size() == 2);
    CHECK(events[0].summary ==
          "Contrat modifié : CER (contrat d'engagement réciproque), En cours "
          "→ Terminé");
    CHECK(events[1].summary.find("Contrat ajouté : CER") == 0);
    f.audit.flush();
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'contract' AND action IN "
                  "('create', 'update') AND category = 'pathway'") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'contract' AND action = "
                  "'read'") >= 1);
  }
}

TEST_CASE("objectives and actions: catalogue or free text, current barriers, overdue flag") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto contract = *f.pathways.add_contract(f.c1, f.b, Fixture::contract());
    ItemInput o{"mo_permis", "", "", "en_cours", "2027-03-01", "mo_aucun", "Auto-école solidaire",
                contract};
    auto oid = f.pathways.add_item(f.c1, ItemKind::kObjective, f.b, o);
    REQUIRE(oid.ok());
    auto obj = *f.pathways.item(f.c1, ItemKind::kObjective, *oid);
    CHECK(obj.label == "Obtenir le permis");
    CHECK(obj.theme == "mobilite");
    CHECK(obj.parent_id == contract);
    CHECK(f.pathways.objectives_of_contract(f.c1, *f.pathways.contract(f.c1, contract)).size() ==
          1);

    // Bad input names its field and changes nothing.
    struct Bad {
      ItemInput in;
      const char* field;
    };
    std::vector<Bad> bad = {
        {{"xx_inconnu", "", "", "prevu", "", "", "", *oid}, "code"},
        {{"", " ", "", "prevu", "", "", "", *oid}, "label"},
        {{"", "Libre", "cuisine", "prevu", "", "", "", *oid}, "theme"},
        {{"mo_auto_ecole", "", "", "fini", "", "", "", *oid}, "status"},
        {{"mo_auto_ecole", "", "", "prevu", "2026-11-31", "", "", *oid}, "due_on"},
        {{"mo_auto_ecole", "", "", "prevu", "", "lo_expulsion", "", *oid}, "barrier"},
        {{"mo_auto_ecole", "", "", "prevu", "", "", std::string(151, 'x'), *oid}, "partner"},
        {{"mo_auto_ecole", "", "", "prevu", "", "", "", ""}, "objective_id"},
    };
    for (const auto& x : bad) {
      auto r = f.pathways.add_item(f.c1, ItemKind::kAction, f.b, x.in);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().field == x.field);
    }
    CHECK(f.count("SELECT COUNT(*) FROM pathway_actions") == 0);

    // An action of another person's objective is refused, even in the same caseload.
    auto b2 = f.person(f.c1, "Blanc");
    CHECK(f.pathways
              .add_item(f.c1, ItemKind::kAction, b2,
                        {"mo_auto_ecole", "", "", "prevu", "", "", "", *oid})
              .error()
              .field == "objective_id");

    auto aid = f.pathways.add_item(f.c1, ItemKind::kAction, f.b,
                                   {"", "Inscription au code en ligne", "mobilite", "en_cours",
                                    "2026-12-15", "mo_aucun", "Garage solidaire", *oid});
    REQUIRE(aid.ok());
    auto action = *f.pathways.item(f.c1, ItemKind::kAction, *aid);
    CHECK(action.free());
    CHECK(action.label == "Inscription au code en ligne");
    CHECK_FALSE(action.overdue);
    CHECK_FALSE(f.pathways.item(f.c2, ItemKind::kAction, *aid));
    CHECK_FALSE(f.pathways.item(f.cb, ItemKind::kObjective, *oid));

    f.clock.set(kNow + 30 * kDay);  // 2026-12-24: the due date has passed
    CHECK(f.pathways.item(f.c1, ItemKind::kAction, *aid)->overdue);
    auto d = f.pathways.dashboard(f.c1);
    REQUIRE(d.overdue_actions.size() == 1);
    CHECK(d.overdue_actions[0].what == "Inscription au code en ligne");
    CHECK(d.overdue_actions[0].person == "Alix Morel");
    CHECK(f.pathways.dashboard(f.c2).overdue_actions.empty());
    CHECK(f.pathways.dashboard(f.cb).overdue_actions.empty());
    CHECK(f.pathways.dashboard(f.coord).overdue_actions.size() == 1);

    REQUIRE(f.pathways
                .update_item(f.c1, ItemKind::kAction, *aid,
                             {"", "Inscription au code en ligne", "mobilite", "realise",
                              "2026-12-15", "mo_aucun", "Garage solidaire", ""})
                .ok());
    action = *f.pathways.item(f.c1, ItemKind::kAction, *aid);
    CHECK(action.status == "realise");
    CHECK(action.parent_id == *oid);  // an action stays under its objective
    CHECK_FALSE(action.overdue);
    CHECK(f.pathways.dashboard(f.c1).overdue_actions.empty());
    auto events = f.pathways.timeline(f.c1, f.b, "action");
    REQUIRE(events.size() == 2);
    CHECK(events[0].summary == "Action « Inscription au code en ligne » : En cours → Réalisé");

    // After a new diagnosis without it, the old barrier can no longer be chosen.
    f.clock.set(kNow + 31 * kDay);
    REQUIRE(f.people
                .record_diagnosis(f.c1, f.b, "2026-12-20", "Point",
                                  {{"logement", "lo_tiers", "barrier", 1, "", ""}})
                .ok());
    CHECK(f.pathways.barriers(f.c1, f.b).size() == 1);
    CHECK(f.pathways.barriers(f.c2, f.b).empty());
    CHECK(f.pathways
              .add_item(f.c1, ItemKind::kObjective, f.b,
                        {"lo_acceder", "", "", "en_cours", "", "mo_aucun", "", ""})
              .error()
              .field == "barrier");
  }
}

TEST_CASE("referrals: answer required once decided, follow-up on the dashboard, timeline") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    ReferralInput in{"PLIE du Voironnais", "Accueil",   "en_cours", "Accompagnement renforcé", "",
                     "2026-11-20",         "2026-12-01"};
    struct Bad {
      ReferralInput in;
      const char* field;
    };
    std::vector<Bad> bad = {
        {{"", "", "en_cours", "Motif", "", "2026-11-20", ""}, "partner"},
        {{"PLIE", "", "acceptee", "Motif", "", "2026-11-20", ""}, "status"},
        {{"PLIE", "", "en_cours", " ", "", "2026-11-20", ""}, "reason"},
        {{"PLIE", "", "refusee", "Motif", "", "2026-11-20", ""}, "answer"},
        {{"PLIE", "", "en_cours", "Motif", "", "2026-11-30", ""}, "sent_on"},
        {{"PLIE", "", "en_cours", "Motif", "", "2026-11-20", "2026-11-10"}, "follow_up_on"},
    };
    for (const auto& x : bad) {
      auto r = f.pathways.add_referral(f.c1, f.b, x.in);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().field == x.field);
    }
    CHECK(f.count("SELECT COUNT(*) FROM referrals") == 0);
    auto id = f.pathways.add_referral(f.c1, f.b, in);
    REQUIRE(id.ok());
    CHECK(f.pathways.referral(f.c1, *id)->answered_on.empty());
    CHECK_FALSE(f.pathways.referral(f.c2, *id));
    CHECK_FALSE(f.pathways.referral(f.cb, *id));
    CHECK(f.pathways.dashboard(f.c1).referrals_due.empty());
    f.clock.set(kNow + 8 * kDay);  // 2026-12-02
    CHECK(f.pathways.referral(f.c1, *id)->follow_up_due);
    CHECK(f.pathways.dashboard(f.c1).referrals_due.size() == 1);
    in.status = "refusee";
    in.answer = "Pas de place avant mars";
    REQUIRE(f.pathways.update_referral(f.c1, *id, in).ok());
    auto r = *f.pathways.referral(f.c1, *id);
    CHECK(r.answered_on == "2026-12-02");
    CHECK_FALSE(r.follow_up_due);
    CHECK(f.pathways.dashboard(f.c1).referrals_due.empty());
    auto events = f.pathways.timeline(f.c1, f.b, "orientation");
    REQUIRE(events.size() == 2);
    CHECK(events[0].summary == "Orientation vers PLIE du Voironnais : En cours → Refusée");
  }
}

TEST_CASE("timeline and dashboard: every kind in order, filtered, and within the caller's scope") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    meetings::AppointmentInput a;
    a.date = "2026-11-24";
    a.time = "08:00";
    a.duration_min = 45;
    a.kind = "suivi";
    a.mode = "telephone";
    auto held = *f.meetings.schedule(f.c1, f.b, a);
    f.clock.set(kNow + 3'600'000);
    REQUIRE(f.meetings.set_participation(f.c1, held, std::string(meetings::kAttended)).ok());
    auto report = f.reports.start(f.c1, held);
    REQUIRE(report.ok());
    f.clock.set(kNow + 2 * 3'600'000);
    auto contract =
        *f.pathways.add_contract(f.c1, f.b, Fixture::contract("en_cours", "2026-12-10"));
    f.clock.set(kNow + 3 * 3'600'000);
    REQUIRE(f.pathways
                .add_referral(f.c1, f.b,
                              {"Mission locale", "", "en_cours", "Jeune", "", "2026-11-24", ""})
                .ok());

    auto all = f.pathways.timeline(f.c1, f.b, "");
    std::vector<std::string> kinds;
    for (const auto& ev : all) kinds.push_back(ev.kind);
    CHECK(kinds == std::vector<std::string>{"orientation", "contrat", "compte_rendu", "rendez_vous",
                                            "diagnostic"});
    for (size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].at >= all[i].at);
    CHECK(all[1].href == "/contrats/" + contract);
    CHECK(all[2].href == "/comptes-rendus/" + *report);
    CHECK(f.pathways.timeline(f.c1, f.b, "diagnostic").size() == 1);
    CHECK(f.pathways.timeline(f.c2, f.b, "").empty());
    CHECK(f.pathways.timeline(f.cb, f.b, "").empty());

    auto d = f.pathways.dashboard(f.c1);
    REQUIRE(d.contracts_to_renew.size() == 1);
    CHECK(d.contracts_to_renew[0].when == "se termine le 10/12/2026");
    REQUIRE(d.draft_reports.size() == 1);
    CHECK(d.draft_reports[0].href == "/comptes-rendus/" + *report);
    auto other = f.pathways.dashboard(f.c2);
    CHECK(other.contracts_to_renew.empty());
    CHECK(other.draft_reports.empty());
    CHECK(f.pathways.dashboard(f.cb).draft_reports.empty());
    f.audit.flush();
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'dashboard' AND "
                  "object_id = 'c1'") >= 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'beneficiary' AND details "
                  "= 'section=timeline'") >= 1);
  }
}

TEST_CASE(
    "contracts: closing one sets the person's contract kind to another in progress, or none") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto kind = [&] {
      auto tx = f.store.db().read();
      auto k = tx.query_one("SELECT contract_kind FROM beneficiaries WHERE id = ?", {f.b})->text(0);
      tx.commit();
      return k;
    };
    auto filtered = [&](const std::string& code) {
      beneficiaries::CaseloadQuery q;
      q.contract = code;
      return f.people.caseload(f.c1, q).total;
    };
    auto siae = f.pathways.add_contract(
        f.c1, f.b, {"siae", "", "en_cours", "2026-09-01", "2026-09-01", "2027-02-28"});
    REQUIRE(siae.ok());
    auto cer = f.pathways.add_contract(f.c1, f.b, Fixture::contract());
    REQUIRE(cer.ok());
    CHECK(kind() == "cer");
    CHECK(filtered("cer") == 1);
    // The CER ends: the CDDI still in progress gives the kind, and the caseload follows.
    auto done = Fixture::contract("termine", "2026-11-23");
    done.starts_on = "2026-06-01";
    done.signed_on = "2026-05-30";
    REQUIRE(f.pathways.update_contract(f.c1, *cer, done).ok());
    CHECK(kind() == "siae");
    CHECK(filtered("cer") == 0);
    CHECK(filtered("siae") == 1);
    // The CDDI is broken off: no contract in progress is left.
    REQUIRE(f.pathways
                .update_contract(f.c1, *siae,
                                 {"siae", "", "rompu", "2026-09-01", "2026-09-01", "2027-02-28"})
                .ok());
    CHECK(kind() == "aucun");
    CHECK(filtered("aucun") == 1);
  }
}
