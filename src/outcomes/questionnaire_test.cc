// The follow-up questionnaire on both engines: the link is single-use, expires, needs the
// person's e-mail, shows nothing of the record, lands its answer on the follow-up (and so in
// the rates, the cached statistics refreshed), and its uses are audited without the token.
#include <doctest/doctest.h>

#include "outcomes/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::outcomes;
using jalon::testing::kDay;
using State = QuestionnaireView::State;

TEST_CASE("the questionnaire's single-use link fills the follow-up once") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    testing::CaseFixture f(e);
    OutcomeService outcomes{f.store.db(), f.clock, f.rng, f.audit, f.people};
    auto exec = [&](const std::string& sql, const store::Params& p) {
      auto tx = f.store.db().write();
      tx.exec(sql, p);
      tx.commit();
    };
    auto id = f.person(f.c1, "Garnier", "lea.garnier@example.org");
    auto other = f.person(f.c1, "Sans", "");
    ExitInput in{"2026-05-20", "embauche", "cdd", "3", "900", "Boulangerie", "", "Vendeuse", ""};
    REQUIRE(outcomes.record_exit(f.c1, id, in).ok());
    REQUIRE(outcomes.record_exit(f.c1, other, in).ok());
    auto fu = outcomes.followups_of(f.c1, id)[0];
    auto before = outcomes.statistics(f.coord, {});
    CHECK(before.total.rncp6.respondents == 0);
    CHECK(before.total.to_do6 == 2);

    // No e-mail on the record: nothing is sent; another structure: not found.
    auto none = outcomes.send_questionnaire(f.c1, outcomes.followups_of(f.c1, other)[0].id,
                                            "https://jalon.example");
    CHECK(none.error().field == "email");
    CHECK(outcomes.send_questionnaire(f.cb, fu.id, "https://jalon.example").error().kind ==
          ErrorKind::kNotFound);

    std::string first, token;
    REQUIRE(outcomes.send_questionnaire(f.c1, fu.id, "https://jalon.example", &first).ok());
    auto sent = outcomes.send_questionnaire(f.c1, fu.id, "https://jalon.example", &token);
    REQUIRE(sent.ok());
    CHECK(sent->recipient == "lea.garnier@example.org");
    CHECK(outcomes.questionnaire_sent(f.c1, fu.id).has_value());
    CHECK(outcomes.open_questionnaire(first).state == State::kRevoked);  // replaced
    CHECK(outcomes.open_questionnaire(token).state == State::kOpen);
    CHECK(outcomes.open_questionnaire("x" + token).state == State::kUnknown);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'lea.garnier@example.org' AND"
                  " body LIKE '%/questionnaire-suivi/" +
                  token + "%'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM followup_links WHERE token_hash = '" + token + "'") == 0);

    // Every mistake at once, nothing written.
    auto bad = outcomes.answer_questionnaire(token, {"lune", "200", "", ""});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "situation");
    REQUIRE(bad.error().more.size() == 1);
    CHECK(bad.error().more[0].field == "contract_months");
    CHECK(outcomes.followups_of(f.c1, id)[0].status == kToDo);

    REQUIRE(outcomes.answer_questionnaire(token, {"cdi", "", "Vendeuse", "Boulangerie Roux"}).ok());
    auto now = outcomes.followups_of(f.c1, id)[0];
    CHECK(now.status == kAnswered);
    CHECK(now.situation == "cdi");
    CHECK(now.employer == "Boulangerie Roux");
    CHECK(now.answered_on == "2026-11-24");
    // Once only.
    CHECK(outcomes.open_questionnaire(token).state == State::kUsed);
    CHECK(outcomes.answer_questionnaire(token, {"cdd", "4", "", ""}).error().kind ==
          ErrorKind::kConflict);
    CHECK(outcomes.followups_of(f.c1, id)[0].situation == "cdi");
    // The rates see the answer (the cached statistics are refreshed by the write).
    auto after = outcomes.statistics(f.coord, {});
    CHECK(after.total.rncp6.respondents == 1);
    CHECK(after.total.rncp6.global.numerator == 1);
    CHECK(after.total.durable6.numerator == 1);
    CHECK(after.total.to_do6 == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE actor_role = 'followup_link'") >= 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%" + token + "%'") == 0);

    // A link expires after 30 days; a follow-up no longer to do stops its link.
    auto other_fu = outcomes.followups_of(f.c1, other)[0];
    exec("UPDATE beneficiaries SET email = 'x@example.org' WHERE id = ?", {other});
    std::string late;
    REQUIRE(outcomes.send_questionnaire(f.c1, other_fu.id, "https://jalon.example", &late).ok());
    f.clock.advance(31 * kDay);
    CHECK(outcomes.open_questionnaire(late).state == State::kExpired);
    CHECK(outcomes.answer_questionnaire(late, {"cdi", "", "", ""}).error().kind ==
          ErrorKind::kConflict);
    f.clock.advance(-31 * kDay);
    REQUIRE(outcomes.record_followup(f.c1, other_fu.id, {"injoignable"}).ok());
    CHECK(outcomes.open_questionnaire(late).state == State::kRevoked);
    CHECK(outcomes.send_questionnaire(f.c1, other_fu.id, "https://jalon.example").error().kind ==
          ErrorKind::kConflict);
  }
}
