// Partner users: attached to one organisation by a coordinator, their inbox holds only the
// referrals to its services with the consented fields; they answer once and the link dies.
// Rencontres: follow-ups on the to-do list until done. Sharing: who sees the record.
#include <doctest/doctest.h>

#include "jobs/todo.h"
#include "partners/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::partners;

TEST_CASE("partner inbox: own organisation only, consented fields, one answer, link revoked") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    PartnerDirectory d(f.store.db(), f.clock, f.rng, f.audit);
    {
      auto tx = f.store.db().write();
      tx.exec(
          "INSERT INTO users (id, structure_id, email, display_name, role, created_at) VALUES "
          "('p1', 'sA', 'p1@x.fr', 'Sacha Partenaire', 'partner', 0), ('p2', 'sA', "
          "'p2@x.fr', 'Autre Partenaire', 'partner', 0)");
      tx.commit();
    }
    auto ml = d.add_organisation(f.c1, {"Mission locale", "mission-locale"});
    auto ccas = d.add_organisation(f.c1, {"CCAS", "ccas"});
    REQUIRE((ml.ok() && ccas.ok()));
    ServiceInput in;
    in.name = "Logement des jeunes";
    in.themes = {"logement-hebergement"};
    in.publics = {"jeunes"};
    in.contact_email = "ml@partenaire.test";
    auto housing = d.add_service(f.c1, *ml, in);
    in.name = "Aide alimentaire";
    in.contact_email = "ccas@partenaire.test";
    auto food = d.add_service(f.c1, *ccas, in);
    REQUIRE((housing.ok() && food.ok()));
    // Only a coordinator-side call with a partner-role user of the structure attaches.
    CHECK(d.attach_member(f.coord, *ml, "c2").error().field == "user_id");
    CHECK(d.attach_member(f.cb, *ml, "p1").error().kind == ErrorKind::kNotFound);
    REQUIRE(d.attach_member(f.coord, *ml, "p1").ok());
    REQUIRE(d.attach_member(f.coord, *ccas, "p2").ok());
    CHECK(d.members(f.c1, *ml).size() == 1);
    CHECK(d.unattached_partners(f.c1).empty());

    auto alix = f.person(f.c1, "Morel", "alix@example.test");
    auto noa = f.person(f.c1, "Petit", "noa@example.test");
    std::string t1, t2, t3;
    auto r1 = d.refer(f.c1, alix, {*housing, "Foyer", {"contact"}, true, ""}, &t1);
    auto r2 = d.refer(f.c1, noa, {*housing, "Logement", {"identite"}, true, ""}, &t2);
    auto r3 = d.refer(f.c1, noa, {*food, "Colis", {"identite", "contact"}, true, ""}, &t3);
    REQUIRE((r1.ok() && r2.ok() && r3.ok()));

    auto p1 = jalon::testing::session("p1", access::Role::kPartner);
    auto inbox = d.inbox(p1);
    REQUIRE(inbox.size() == 2);  // not the CCAS's
    for (const auto& i : inbox) CHECK(i.referral_id != *r3);
    auto& alix_item = inbox[0].referral_id == *r1 ? inbox[0] : inbox[1];
    auto& noa_item = inbox[0].referral_id == *r1 ? inbox[1] : inbox[0];
    CHECK(alix_item.person.empty());  // identity not shared
    CHECK(noa_item.person == "Alix Petit");
    auto v = d.inbox_referral(p1, *r1);
    CHECK(v.state == LinkView::State::kOpen);
    CHECK(v.last_name.empty());
    CHECK(v.email == "alix@example.test");
    CHECK(d.inbox_referral(p1, *r3).state == LinkView::State::kUnknown);    // another organisation
    CHECK(d.inbox_referral(f.c1, *r1).state == LinkView::State::kUnknown);  // not a partner
    CHECK(d.answer_inbox(p1, *r3, {"accepter", "", ""}).error().kind == ErrorKind::kNotFound);
    CHECK(d.answer_inbox(p1, *r1, {"refuser", "", ""}).error().field == "reason");
    REQUIRE(d.answer_inbox(p1, *r1, {"accepter", "", "Rendez-vous lundi"}).ok());
    CHECK(d.answer_inbox(p1, *r1, {"refuser", "complet", ""}).error().kind == ErrorKind::kConflict);
    CHECK(f.count("SELECT COUNT(*) FROM referrals WHERE id = '" + *r1 +
                  "' AND status = 'validee' AND answer = 'Rendez-vous lundi' AND answered_by = "
                  "'partenaire'") == 1);
    CHECK(d.open_link(t1).state == LinkView::State::kRevoked);  // the link died with the answer
    CHECK(d.open_link(t2).state == LinkView::State::kOpen);
    // Detached, the partner sees nothing any more.
    REQUIRE(d.detach_member(f.coord, *ml, "p1").ok());
    CHECK(d.inbox(p1).empty());
    CHECK(d.inbox_referral(p1, *r2).state == LinkView::State::kUnknown);

    // Sharing: Noa's record lists the consents and the CCAS's partner user.
    auto shares = d.shares(f.c1, noa);
    REQUIRE(shares.size() == 2);
    CHECK(d.shares(f.cb, noa).empty());
    bool ccas_seen = false;
    for (const auto& s : shares) {
      if (s.organisation == "CCAS") {
        CHECK(s.scope == std::vector<std::string>{"identite", "contact"});
        CHECK(s.members == std::vector<std::string>{"Autre Partenaire"});
        CHECK(s.link_open);
        ccas_seen = true;
      }
    }
    CHECK(ccas_seen);
    std::vector<std::string> who;
    for (const auto& v2 : d.viewers(f.c1, noa)) who.push_back(v2.display_name);
    CHECK(who == std::vector<std::string>{"Camille Un", "Coord", "Autre Partenaire"});
  }
}

TEST_CASE("rencontres: every mistake at once, follow-ups on the to-do list until done") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    PartnerDirectory d(f.store.db(), f.clock, f.rng, f.audit);
    auto ml = d.add_organisation(f.c1, {"Mission locale", "mission-locale"});
    REQUIRE(ml.ok());
    auto bad = d.add_meeting(f.c1, *ml, {"", "", "", {{"", "2026-13-01"}}});
    REQUIRE(!bad.ok());
    CHECK(bad.error().more.size() + 1 >= 3);  // date, people, the follow-up's date
    CHECK(f.count("SELECT COUNT(*) FROM partner_meetings") == 0);
    CHECK(d.add_meeting(f.cb, *ml, {"2026-03-10", "X", "", {}}).error().kind ==
          ErrorKind::kNotFound);
    auto m = d.add_meeting(f.c1, *ml,
                           {"2026-03-10",
                            "Directrice",
                            "Deux places en FJT",
                            {{"Envoyer la liste", "2026-01-20"}, {"", ""}}});
    REQUIRE(m.ok());
    auto list = d.meetings(f.c1, *ml);
    REQUIRE(list.size() == 1);
    REQUIRE(list[0].followups.size() == 1);
    CHECK(list[0].followups[0].owner_name == "Camille Un");
    auto tx = f.store.db().write();
    jobs::refresh_todo(tx, f.rng, f.clock, "sA", "c1");
    tx.commit();
    CHECK(f.count("SELECT COUNT(*) FROM todo_items WHERE kind = 'suite_rencontre' AND user_id = "
                  "'c1' AND done_at IS NULL") == 1);
    REQUIRE(d.finish_followup(f.c1, list[0].followups[0].id).ok());
    CHECK(d.finish_followup(f.c1, list[0].followups[0].id).error().kind == ErrorKind::kNotFound);
    CHECK(f.count("SELECT COUNT(*) FROM todo_items WHERE kind = 'suite_rencontre' AND done_at IS "
                  "NULL") == 0);
    CHECK(d.meetings(f.cb, *ml).empty());
  }
}
