#include "meetings/service.h"

#include <doctest/doctest.h>

#include "access/keys.h"
#include "beneficiaries/service.h"
#include "core/dates.h"
#include "meetings/referentials.h"
#include "meetings/reports.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::meetings;
using access::Session;
using jalon::testing::kHour;
using jalon::testing::kNow;

namespace {

// The shared world (c1 and the coordinator k1 in team t1, c2 without a team, cB in another
// structure) with the meetings services; people get an e-mail address (convocations).
struct Fixture : jalon::testing::CaseFixture {
  MeetingService meetings{store.db(), clock, rng, audit};
  ReportService reports{store.db(), clock, rng, audit, meetings, people};

  explicit Fixture(store::Engine e) : CaseFixture(e) {}

  std::string person(const Session& s, const std::string& last) {
    return CaseFixture::person(s, last, "alix." + last + "@test.example");
  }

  // Morel in c1's caseload, and her appointment with c1 (input()): its id.
  std::string morel;
  Result<std::string> scheduled() {
    morel = person(c1, "Morel");
    auto id = meetings.schedule(c1, morel, input());
    REQUIRE(id.ok());
    return id;
  }

  static AppointmentInput input(std::string date = "2026-11-26", std::string time = "14:30") {
    AppointmentInput in;
    in.date = std::move(date);
    in.time = std::move(time);
    in.duration_min = 45;
    in.kind = "suivi";
    in.mode = "sur_place";
    in.place = "Salle 2";
    return in;
  }

  // True when the store refuses the statement (the immutability triggers).
  bool refused(const std::string& sql, const store::Params& params) {
    try {
      auto w = store.db().write();
      w.exec(sql, params);
      w.commit();
      return false;
    } catch (const store::StoreError&) {
      return true;
    }
  }
};

}  // namespace

TEST_CASE("appointments: Paris wall-clock time stored in UTC and bad input named by field") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.scheduled();
    const std::string& b = f.morel;
    auto a = f.meetings.get(f.c1, *id);
    REQUIRE(a);
    CHECK(dates::rfc3339_utc(a->starts_at) == "2026-11-26T13:30:00.000Z");
    CHECK(a->status == kUndetermined);
    CHECK(a->counselor_id == "c1");
    CHECK(a->reference.rfind("RDV-", 0) == 0);
    CHECK(a->reference.size() == 12);
    auto bad = [&](AppointmentInput in, const std::string& field) {
      auto r = f.meetings.schedule(f.c1, b, in);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().field == field);
      CHECK(r.error().message.size() > 15);
    };
    auto in = Fixture::input();
    in.date = "2026-02-30";
    bad(in, "date");
    bad(Fixture::input("2026-11-26", "25:00"), "time");
    bad(Fixture::input("2026-03-29", "02:15"), "time");  // skipped by the change to summer time
    bad(Fixture::input("2024-01-10"), "date");           // more than a year ago
    in = Fixture::input();
    in.duration_min = 600;
    bad(in, "duration_min");
    in = Fixture::input();
    in.kind = "tripartite";
    bad(in, "partner_kind");
    in.partner_kind = "employeur";
    bad(in, "partner_name");
    in = Fixture::input();
    in.place = "";
    bad(in, "place");
    in.mode = "visio";
    in.place = "http://visio.example";
    bad(in, "place");
    in = Fixture::input();
    in.counselor_id = "c2";  // does not follow this person
    bad(in, "counselor_id");
    in.counselor_id = "cB";  // another structure
    bad(in, "counselor_id");
    CHECK(f.count("SELECT COUNT(*) FROM appointments") == 1);
  }
}

TEST_CASE("appointments are scoped through their beneficiary") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.scheduled();
    const std::string& b = f.morel;
    CHECK_FALSE(f.meetings.get(f.c2, *id));  // another counselor's caseload
    CHECK_FALSE(f.meetings.get(f.cb, *id));  // another structure
    CHECK(f.meetings.get(f.coord, *id));     // the coordinator of c1's team
    // Scheduling for a person out of the caller's scope is "not found" and writes nothing.
    CHECK(f.meetings.schedule(f.c2, b, Fixture::input()).error().kind == ErrorKind::kNotFound);
    CHECK(f.meetings.schedule(f.cb, b, Fixture::input()).error().kind == ErrorKind::kNotFound);
    CHECK(f.count("SELECT COUNT(*) FROM appointments") == 1);
    CHECK(f.meetings.set_participation(f.cb, *id, std::string(kCancelledByService)).error().kind ==
          ErrorKind::kNotFound);
    Millis from = dates::day_start(*dates::parse_iso_date("2026-11-23"));
    Millis to = dates::day_start(*dates::parse_iso_date("2026-11-30"));
    CHECK(f.meetings.agenda(f.c1, "c1", from, to).size() == 1);
    CHECK(f.meetings.agenda(f.coord, "c1", from, to).size() == 1);
    CHECK(f.meetings.agenda(f.cb, "c1", from, to).empty());
    CHECK(f.meetings.agenda(f.c1, "c1", to, to + 7 * 24 * kHour).empty());
  }
}

TEST_CASE("participation and rescheduling follow the rules and bump the ICS sequence") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string id = *f.scheduled();
    auto early = f.meetings.set_participation(f.c1, id, std::string(kAttended));
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().message.find("26/11/2026 à 14:30") != std::string::npos);
    CHECK(f.meetings.reschedule(f.c1, id, Fixture::input("2026-11-27", "09:00")).ok());
    auto a = *f.meetings.get(f.c1, id);
    CHECK(dates::rfc3339_utc(a.starts_at) == "2026-11-27T08:00:00.000Z");
    CHECK(a.sequence == 1);
    f.clock.set(a.starts_at + kHour);
    REQUIRE(f.meetings.set_participation(f.c1, id, std::string(kAttended)).ok());
    auto moved = f.meetings.reschedule(f.c1, id, Fixture::input("2026-12-01", "09:00"));
    REQUIRE_FALSE(moved.ok());
    CHECK(moved.error().kind == ErrorKind::kConflict);
    a = *f.meetings.get(f.c1, id);
    CHECK(a.sequence == 2);
    CHECK(a.status == kAttended);
    auto ev = f.meetings.event_of(a, "https://jalon.example", false);
    CHECK(ev.summary == "Rendez-vous Jalon – suivi (" + a.reference + ")");
    CHECK(ev.summary.find("Morel") == std::string::npos);
    CHECK(ev.description.find("Morel") == std::string::npos);
    CHECK(ev.location.empty());
    CHECK(f.meetings.event_of(a, "https://jalon.example", true).location == "Salle 2");
    CHECK(ev.url == "https://jalon.example/rendez-vous/" + id);
  }
}

TEST_CASE("convocation e-mails go to the outbox only when the person has an address") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string id = *f.scheduled();
    const std::string& b = f.morel;
    auto sent = f.meetings.send_convocation(f.c1, id);
    REQUIRE(sent.ok());
    auto tx = f.store.db().read();
    auto m = tx.query_one("SELECT recipient, subject, body FROM outbox WHERE id = ?", {*sent});
    tx.commit();
    REQUIRE(m);
    CHECK(m->text(0) == "alix.morel@test.example");
    CHECK(m->text(1) == "Convocation à un rendez-vous le jeudi 26 novembre 2026 à 14 h 30");
    CHECK(m->text(2).find("Salle 2") != std::string::npos);
    CHECK(f.meetings.get(f.c1, id)->convocation_sent_at == kNow);
    {
      auto w = f.store.db().write();
      w.exec("UPDATE beneficiaries SET email = NULL WHERE id = ?", {b});
      w.commit();
    }
    auto none = f.meetings.send_convocation(f.c1, id);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().field == "email");
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 1);
  }
}

TEST_CASE("secret feeds: the token is stored hashed and a revoked token publishes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    REQUIRE(f.scheduled().ok());
    auto feed = f.meetings.create_feed(f.c1, "Téléphone");
    REQUIRE(feed.ok());
    CHECK(feed->token.size() >= 43);
    CHECK(f.count("SELECT COUNT(*) FROM agenda_feeds WHERE token_hash = '" +
                  access::sha256_hex(feed->token) + "'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM agenda_feeds WHERE token_hash = '" + feed->token + "'") ==
          0);
    auto got = f.meetings.feed_appointments(feed->token);
    REQUIRE(got);
    CHECK(got->size() == 1);
    CHECK_FALSE(f.meetings.feed_appointments(feed->token + "x"));
    CHECK(f.meetings.revoke_feed(f.c2, feed->id).error().kind == ErrorKind::kNotFound);
    REQUIRE(f.meetings.revoke_feed(f.c1, feed->id).ok());
    CHECK_FALSE(f.meetings.feed_appointments(feed->token));
    CHECK(f.meetings.feeds(f.c1).empty());
    // A disabled owner's feeds stop too.
    auto other = *f.meetings.create_feed(f.c1, "");
    CHECK(f.meetings.feeds(f.c1).front().label == "Agenda");
    {
      auto w = f.store.db().write();
      w.exec("UPDATE users SET disabled_at = 1 WHERE id = 'c1'");
      w.commit();
    }
    CHECK_FALSE(f.meetings.feed_appointments(other.token));
    // Structure admins hold no appointments, so they publish no agenda.
    CHECK_FALSE(f.meetings.create_feed(f.admin, "").ok());
  }
}

TEST_CASE("barrier changes from a report apply to the latest diagnosis") {
  std::vector<beneficiaries::DiagnosisItem> latest = {
      {"mobilite", "mo_aucun", "barrier", 3, "", ""},
      {"logement", "lo_tiers", "barrier", 2, "", ""},
      {"emploi", "", "lever", 0, "", "Expérience en maraîchage"}};
  auto out = apply_barrier_changes(
      latest, {{"mo_aucun", 0}, {"lo_tiers", 1}, {"nu_equipement", 2}, {"df_budget", 0}});
  REQUIRE(out.size() == 3);
  CHECK(out[0].item == "lo_tiers");
  CHECK(out[0].severity == 1);
  CHECK(out[1].kind == "lever");
  CHECK(out[2].item == "nu_equipement");
  CHECK(out[2].theme == "numerique");
  CHECK(apply_barrier_changes(latest, {}).size() == 3);
}

TEST_CASE(
    "reports: drafts and the diagnosis updated in the same transaction and immutable once final") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string b = f.person(f.c1, "Morel");
    REQUIRE(f.people
                .record_diagnosis(f.c1, b, "2026-11-01", "Entrée",
                                  {{"mobilite", "mo_aucun", "barrier", 3, "", ""},
                                   {"logement", "lo_tiers", "barrier", 2, "", ""}})
                .ok());
    auto appt = *f.meetings.schedule(f.c1, b, Fixture::input());
    CHECK(f.reports.start(f.c1, appt).error().kind == ErrorKind::kConflict);  // not attended yet
    f.clock.set(kNow + 3 * 24 * kHour);
    REQUIRE(f.meetings.set_participation(f.c1, appt, std::string(kAttended)).ok());
    auto id = f.reports.start(f.c1, appt);
    REQUIRE(id.ok());
    CHECK(*f.reports.start(f.c1, appt) == *id);  // one report per appointment
    CHECK_FALSE(f.reports.get(f.c2, *id));
    CHECK_FALSE(f.reports.get(f.cb, *id));
    CHECK(f.meetings.set_participation(f.c1, appt, std::string(kNoShow)).error().kind ==
          ErrorKind::kConflict);

    // Finalising with empty topics fails after the diagnosis update: nothing at all is saved.
    ReportInput in;
    in.version = 1;
    in.sections = {{"topics", ""}, {"decisions", "Inscription au code"}};
    in.barrier_changes = {{"mo_aucun", 0}};
    in.finalise = true;
    auto refused = f.reports.save(f.c1, *id, in);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "topics");
    CHECK(f.people.diagnoses(*f.people.get(f.c1, b)).size() == 1);
    CHECK(f.reports.get(f.c1, *id)->sections[2].second.empty());  // decisions unchanged
    CHECK(f.reports.get(f.c1, *id)->version == 1);

    in.sections = {{"topics", "Point sur la mobilité"}, {"decisions", "Inscription au code"}};
    REQUIRE(f.reports.save(f.c1, *id, in).ok());
    auto diags = f.people.diagnoses(*f.people.get(f.c1, b));
    REQUIRE(diags.size() == 2);
    CHECK(diags.front().made_on == "2026-11-26");  // the interview's date
    CHECK(diags.front().items.size() == 1);        // the mobility barrier was lifted
    auto r = *f.reports.get(f.c1, *id);
    CHECK(r.final());
    CHECK(r.finalised_at == kNow + 3 * 24 * kHour);
    CHECK(r.diagnoses == std::vector<std::string>{"2026-11-26"});
    CHECK(r.sections[0] == std::pair<std::string, std::string>{"topics", "Point sur la mobilité"});

    // Final: the service refuses edits, and so does the store.
    ReportInput edit;
    edit.sections = {{"topics", "Réécrit"}};
    auto conflict = f.reports.save(f.c1, *id, edit);
    REQUIRE_FALSE(conflict.ok());
    CHECK(conflict.error().kind == ErrorKind::kConflict);
    CHECK(f.reports.finalise(f.c1, *id).error().kind == ErrorKind::kConflict);
    CHECK(f.refused("UPDATE interview_report_sections SET body = 'x' WHERE report_id = ?", {*id}));
    CHECK(
        f.refused("INSERT INTO interview_report_sections (report_id, section, body) VALUES (?, "
                  "'decisions_bis', 'x')",
                  {*id}));
    CHECK(f.refused("UPDATE interview_reports SET status = 'draft' WHERE id = ?", {*id}));
    CHECK(f.reports.get(f.c1, *id)->sections[0].second == "Point sur la mobilité");

    // Corrections are dated, authored addenda.
    CHECK(f.reports.add_addendum(f.c1, *id, "  ").error().field == "body");
    f.clock.advance(kHour);
    auto ad = f.reports.add_addendum(f.c1, *id, "Précision : code inscrit le 30/11.");
    REQUIRE(ad.ok());
    r = *f.reports.get(f.c1, *id);
    REQUIRE(r.addenda.size() == 1);
    CHECK(r.addenda[0].author_name == "Camille Un");
    CHECK(r.addenda[0].created_at == kNow + 3 * 24 * kHour + kHour);
    CHECK(f.refused("UPDATE report_addenda SET body = 'x' WHERE id = ?", {*ad}));
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'interview_report' AND "
                  "action = 'finalise'") == 1);
  }
}
