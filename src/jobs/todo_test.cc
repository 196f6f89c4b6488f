#include "jobs/todo.h"

#include <doctest/doctest.h>

#include "jobs/notify.h"
#include "support/case_fixture.h"

using namespace jalon;
using jalon::testing::kDay;
using jalon::testing::kHour;
using jalon::testing::kNow;

namespace {

struct Fixture : testing::CaseFixture {
  using CaseFixture::CaseFixture;
  int n = 0;

  void exec(const std::string& sql, const store::Params& p) {
    auto tx = store.db().write();
    tx.exec(sql, p);
    tx.commit();
  }
  std::string contract(const std::string& b, const std::string& starts, const std::string& ends,
                       const std::string& status = "en_cours") {
    std::string id = "ct" + std::to_string(++n);
    exec(
        "INSERT INTO contracts (id, structure_id, beneficiary_id, kind, status, starts_on, ends_on,"
        " created_at, created_by, updated_at, updated_by) VALUES (?, 'sA', ?, 'cddi', ?, ?, ?, 0,"
        " 'c1', 0, 'c1')",
        {id, b, status, starts, ends});
    return id;
  }
  std::string action(const std::string& b, const std::string& due) {
    std::string o = "ob" + std::to_string(++n), id = "ac" + std::to_string(n);
    exec(
        "INSERT INTO pathway_objectives (id, structure_id, beneficiary_id, free_label, status,"
        " created_at, created_by, updated_at, updated_by) VALUES (?, 'sA', ?, 'Mobilité',"
        " 'en_cours', 0, 'c1', 0, 'c1')",
        {o, b});
    exec(
        "INSERT INTO pathway_actions (id, structure_id, beneficiary_id, objective_id, free_label,"
        " status, due_on, created_at, created_by, updated_at, updated_by) VALUES (?, 'sA', ?, ?,"
        " 'Permis', 'prevu', ?, 0, 'c1', 0, 'c1')",
        {id, b, o, due});
    return id;
  }
  std::string appointment(const std::string& b, const std::string& counselor, Millis at) {
    std::string id = "ap" + std::to_string(++n);
    exec(
        "INSERT INTO appointments (id, structure_id, beneficiary_id, counselor_id, reference,"
        " starts_at, duration_min, kind, mode, place, created_at, created_by, updated_at) VALUES"
        " (?, 'sA', ?, ?, ?, ?, 45, 'suivi', 'sur_place', '12 rue des Tisserands', 0, 'c1', 0)",
        {id, b, counselor, "RDV-" + id, at});
    return id;
  }
  jobs::RefreshCounts refresh() {
    auto tx = store.db().write();
    auto c = jobs::refresh_todo(tx, rng, clock, "sA");
    tx.commit();
    return c;
  }
  std::vector<jobs::TodoItem> items(const access::Session& s) {
    auto tx = store.db().read();
    auto out = jobs::open_items(tx, s);
    tx.commit();
    return out;
  }
  std::vector<std::string> mails_to(const std::string& to) {
    auto tx = store.db().read();
    std::vector<std::string> out;
    for (const auto& r :
         tx.query("SELECT subject || '\n' || body FROM outbox WHERE recipient = ? ORDER BY"
                  " created_at, id",
                  {to})) {
      out.push_back(r.text(0));
    }
    tx.commit();
    return out;
  }
};

}  // namespace

TEST_CASE(
    "to-do: items come from the records, go to the référent, are done when resolved and "
    "stay dismissed") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string p1 = f.person(f.c1, "Durand"), p2 = f.person(f.c2, "Petit");
    std::string ct1 = f.contract(p1, "2026-06-01", "2026-12-10");
    f.contract(p2, "2026-06-01", "2026-12-01");
    f.contract(p1, "2025-01-01", "2027-06-01");  // far from its end: nothing to do
    std::string ac1 = f.action(p1, "2026-11-01");
    f.action(p1, "2026-12-20");  // not yet due
    f.exec(
        "INSERT INTO referrals (id, structure_id, beneficiary_id, partner, status, reason,"
        " sent_on, created_at, created_by, updated_at, updated_by) VALUES ('rf1', 'sA', ?,"
        " 'Mission locale', 'en_cours', 'Logement', '2026-10-01', 0, 'c1', 0, 'c1'),"
        " ('rf2', 'sA', ?, 'CCAS', 'en_cours', 'Aide', '2026-11-20', 0, 'c1', 0, 'c1')",
        {p1, p1});
    f.appointment(p1, "c1", kNow - kDay);       // outcome never recorded
    f.appointment(p1, "c1", kNow - 90 * kDay);  // too old to ask for
    auto c = f.refresh();
    CHECK(c.created == 5);
    auto mine = f.items(f.c1);
    REQUIRE(mine.size() == 4);  // the referral, the action, the contract… and the appointment
    CHECK(mine[0].kind == "orientation_sans_reponse");
    CHECK(mine[0].person == "Alix Durand");
    CHECK(mine[1].kind == "action_en_retard");
    CHECK(mine[1].link == "/actions/" + ac1 + "/modifier");
    CHECK(mine[2].kind_label == "Contrat à renouveler");
    CHECK(mine[3].kind == "rdv_a_completer");
    auto theirs = f.items(f.c2);
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0].person == "Alix Petit");
    CHECK(f.items(f.cb).empty());

    // Resolved: the action is done, the contract renewed. The referral item is dismissed.
    f.exec("UPDATE pathway_actions SET status = 'realise' WHERE id = ?", {ac1});
    f.contract(p1, "2026-12-11", "2027-06-10", "en_preparation");
    {
      auto tx = f.store.db().write();
      CHECK(jobs::dismiss(tx, f.clock, f.c1, mine[0].id));
      CHECK_FALSE(jobs::dismiss(tx, f.clock, f.c2, mine[3].id));  // not theirs
      tx.commit();
    }
    c = f.refresh();
    CHECK(c.resolved == 2);
    CHECK(c.created == 0);
    mine = f.items(f.c1);
    REQUIRE(mine.size() == 1);
    CHECK(mine[0].kind == "rdv_a_completer");
    CHECK(f.count("SELECT COUNT(*) FROM todo_items WHERE ref_id = '" + ct1 +
                  "' AND done_at IS NOT NULL") == 1);
  }
}

TEST_CASE(
    "notifications: preferences per kind; the digest at the user's hour holds only their "
    "own people, once a day, and no item means no e-mail") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string p1 = f.person(f.c1, "Durand"), p2 = f.person(f.c2, "Petit");
    std::string ct1 = f.contract(p1, "2026-06-01", "2026-12-10");
    std::string ct2 = f.contract(p2, "2026-06-01", "2026-12-01");
    {
      auto tx = f.store.db().write();
      auto bad = jobs::preferences(tx, "c1");
      bad.modes["contrat_a_renouveler"] = "pigeon";
      auto st = jobs::save_preferences(tx, "c1", bad);
      REQUIRE_FALSE(st.ok());
      CHECK(st.error().field == "mode_contrat_a_renouveler");
      auto p = jobs::preferences(tx, "c1");
      p.digest_hour = 10;  // kNow is 10:00 in Paris
      REQUIRE(jobs::save_preferences(tx, "c1", p).ok());
      auto k1 = jobs::preferences(tx, "k1");
      k1.digest_hour = 10;
      REQUIRE(jobs::save_preferences(tx, "k1", k1).ok());
      tx.commit();
    }
    f.refresh();
    std::string base = "https://jalon.example";
    {
      auto tx = f.store.db().write();
      CHECK(jobs::notify_immediately(tx, f.rng, f.clock, "sA", base) == 0);  // all "digest"
      CHECK(jobs::send_digests(tx, f.rng, f.clock, "sA", base) == 1);
      CHECK(jobs::send_digests(tx, f.rng, f.clock, "sA", base) == 0);  // once a day
      tx.commit();
    }
    auto c1 = f.mails_to("c1@x.fr");
    REQUIRE(c1.size() == 1);
    CHECK(c1[0].find(base + "/contrats/" + ct1) != std::string::npos);
    CHECK(c1[0].find(ct2) == std::string::npos);       // another counselor's person
    CHECK(c1[0].find("Durand") == std::string::npos);  // no name leaves by e-mail
    CHECK(f.mails_to("k1@x.fr").empty());              // their hour, but nothing to do: no e-mail
    CHECK(f.mails_to("c2@x.fr").empty());              // not their hour
    f.clock.advance(22 * kHour);                       // 08:00 the next day: c2's hour
    {
      auto tx = f.store.db().write();
      CHECK(jobs::send_digests(tx, f.rng, f.clock, "sA", base) == 1);
      tx.commit();
    }
    auto c2 = f.mails_to("c2@x.fr");
    REQUIRE(c2.size() == 1);
    CHECK(c2[0].find(ct2) != std::string::npos);
    CHECK(c2[0].find(ct1) == std::string::npos);
    // "Immediately": a new item is sent at once, then never again in a digest.
    {
      auto tx = f.store.db().write();
      auto p = jobs::preferences(tx, "c2");
      p.modes["action_en_retard"] = "immediate";
      p.modes["justificatif_expire"] = "never";
      REQUIRE(jobs::save_preferences(tx, "c2", p).ok());
      tx.commit();
    }
    f.clock.advance(60'000);
    f.action(p2, "2026-11-01");
    f.refresh();
    {
      auto tx = f.store.db().write();
      CHECK(jobs::notify_immediately(tx, f.rng, f.clock, "sA", base) == 1);
      tx.commit();
    }
    c2 = f.mails_to("c2@x.fr");
    REQUIRE(c2.size() == 2);
    CHECK(c2[1].find("Action en retard") != std::string::npos);
  }
}

TEST_CASE(
    "reminders: the day before, to the beneficiary who agreed to e-mail, naming no one "
    "else; a moved or cancelled appointment sends nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string yes = f.person(f.c1, "Durand", "alix.durand@example.org");
    std::string no = f.person(f.c1, "Petit", "alix.petit@example.org");
    f.exec("UPDATE beneficiaries SET consent_email = 1 WHERE id = ?", {yes});
    std::string a1 = f.appointment(yes, "c1", kNow + 30 * kHour);
    f.appointment(no, "c1", kNow + 30 * kHour);
    std::string a3 = f.appointment(yes, "c1", kNow + 40 * kHour);
    {
      auto tx = f.store.db().write();
      CHECK(jobs::schedule_appointment_reminders(tx, f.rng, f.clock, "sA") == 2);
      CHECK(jobs::schedule_appointment_reminders(tx, f.rng, f.clock, "sA") == 2);
      tx.commit();
    }
    CHECK(f.count("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder.appointment'") == 2);
    CHECK(f.count("SELECT MIN(run_at) FROM jobs WHERE kind = 'reminder.appointment'") ==
          kNow + 6 * kHour);
    f.exec("UPDATE appointments SET status = 'annule_personne' WHERE id = ?", {a3});
    {
      auto tx = f.store.db().write();
      CHECK(jobs::send_appointment_reminder(
                tx, f.rng, f.clock, a1 + ":" + std::to_string(kNow + 30 * kHour)) == "sent");
      CHECK(jobs::send_appointment_reminder(tx, f.rng, f.clock,
                                            a1 + ":" + std::to_string(kNow + 29 * kHour)) ==
            "skipped: moved");
      CHECK(jobs::send_appointment_reminder(tx, f.rng, f.clock,
                                            a3 + ":" + std::to_string(kNow + 40 * kHour))
                .starts_with("skipped"));
      tx.commit();
    }
    auto mails = f.mails_to("alix.durand@example.org");
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].find("Bonjour Alix") != std::string::npos);
    CHECK(mails[0].find("25/11/2026 à 16:00") != std::string::npos);  // 15:00 UTC in Paris
    CHECK(mails[0].find("Camille") == std::string::npos);             // the counselor is not named
    CHECK(f.mails_to("alix.petit@example.org").empty());
  }
}
