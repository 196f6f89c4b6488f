// The record's life (issue 14): edits dated and attributed field by field with the previous
// value, bad input changing nothing, référent transfer, co-référents, one-action reassignment
// of a departing counselor's caseload (counts follow at once), and the status round trip.
#include <doctest/doctest.h>

#include "beneficiaries/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using access::Role;
using access::Session;
using beneficiaries::RecordEdit;
using beneficiaries::StatusChange;
using beneficiaries::Transfer;

namespace {

struct Fixture : testing::CaseFixture {
  using CaseFixture::CaseFixture;

  RecordEdit current(const Session& s, const std::string& id) {
    auto b = people.get(s, id);
    REQUIRE(b);
    RecordEdit e;
    e.civility = b->summary.civility;
    e.first_name = b->summary.first_name;
    e.last_name = b->summary.last_name;
    e.birth_date = b->summary.birth_date;
    e.email = b->email;
    e.phone = b->phone;
    e.address_line = b->address_line;
    e.postal_code = b->postal_code;
    e.ft_id = b->ft_id;
    e.caf_id = b->caf_id;
    e.consent_email = b->consent_email;
    e.consent_sms = b->consent_sms;
    return e;
  }
  int64_t total(const Session& s) { return people.caseload(s, {}).total; }
  int64_t changes(const std::string& id) {
    return count("SELECT COUNT(*) FROM beneficiary_changes WHERE beneficiary_id = '" + id + "'");
  }
};

}  // namespace

TEST_CASE("an edit records each changed field with its previous value; bad input changes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.person(f.c1, "Morel", "alix@exemple.fr");
    auto in = f.current(f.c1, id);
    in.phone = "06 12 34 56 78";
    in.email = "Alix.Morel@Exemple.fr";
    in.ft_id = "1234567a";
    in.consent_sms = true;
    auto r = f.people.edit(f.c1, id, in);
    REQUIRE(r.ok());
    CHECK(*r == 4);
    auto b = f.people.get(f.c1, id);
    CHECK(b->phone == "06 12 34 56 78");
    CHECK(b->email == "alix.morel@exemple.fr");
    CHECK(b->ft_id == "1234567A");
    CHECK(b->consent_sms);
    CHECK(f.count("SELECT COUNT(*) FROM beneficiaries WHERE phone_rev = '8765432160'") == 1);

    auto h = f.people.history(f.c1, *b);
    REQUIRE(h.size() == 4);
    bool saw_email = false;
    for (const auto& c : h) {
      CHECK(c.changed_by == "Camille Un");
      CHECK(c.changed_on == "2026-11-24");
      if (c.field == "email") {
        saw_email = true;
        CHECK(c.label == "Adresse e-mail");
        CHECK(c.old_value == "alix@exemple.fr");
        CHECK(c.new_value == "alix.morel@exemple.fr");
      }
    }
    CHECK(saw_email);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND object_id = '" + id +
                  "'") == 1);

    // Saving the same values again changes nothing and writes no history.
    CHECK(*f.people.edit(f.c1, id, f.current(f.c1, id)) == 0);
    CHECK(f.changes(id) == 4);

    // Bad input: the field is named, nothing changes.
    auto bad = f.current(f.c1, id);
    bad.last_name = "Durand";
    bad.caf_id = "12ab";
    auto err = f.people.edit(f.c1, id, bad);
    REQUIRE_FALSE(err.ok());
    CHECK(err.error().field == "caf_id");
    CHECK(err.error().message.find("CAF") != std::string::npos);
    bad.caf_id = "";
    bad.postal_code = "3850";
    CHECK(f.people.edit(f.c1, id, bad).error().field == "postal_code");
    bad.postal_code = "";
    bad.phone = "12";
    CHECK(f.people.edit(f.c1, id, bad).error().field == "phone");
    CHECK(f.people.get(f.c1, id)->summary.last_name == "Morel");
    CHECK(f.changes(id) == 4);

    // A stale form (someone saved in between) is a conflict.
    auto stale = f.current(f.c1, id);
    stale.version = 1;
    stale.first_name = "Alexis";
    CHECK(f.people.edit(f.c1, id, stale).error().kind == ErrorKind::kConflict);

    // Out of scope: not found, nothing written.
    CHECK(f.people.edit(f.cb, id, f.current(f.c1, id)).error().kind == ErrorKind::kNotFound);
    CHECK(f.people.edit(f.c2, id, f.current(f.c1, id)).error().kind == ErrorKind::kNotFound);
  }
}

TEST_CASE("a transfer moves the person between caseloads at once and keeps the note") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.person(f.c1, "Morel");
    f.person(f.c1, "Aubert");
    CHECK(f.total(f.c1) == 2);
    CHECK(f.total(f.c2) == 0);

    // A note is required; a future date is refused; nothing changes.
    CHECK(f.people.transfer(f.c1, id, {"c2", "", ""}).error().field == "note");
    CHECK(f.people.transfer(f.c1, id, {"c2", "Départ", "2027-01-01"}).error().field == "on");
    CHECK(f.people.transfer(f.c1, id, {"a1", "Départ", ""}).error().field == "referent_id");
    CHECK(f.people.transfer(f.c1, id, {"cB", "Départ", ""}).error().field == "referent_id");
    CHECK(f.total(f.c1) == 2);

    REQUIRE(f.people.transfer(f.c1, id, {"c2", "Changement de secteur", "2026-11-20"}).ok());
    CHECK(f.total(f.c1) == 1);  // the cached counts follow at once
    CHECK(f.total(f.c2) == 1);
    CHECK_FALSE(f.people.get(f.c1, id));
    auto b = f.people.get(f.c2, id);
    REQUIRE(b);
    CHECK(b->referents.front().first == "c2");
    auto h = f.people.history(f.c2, *b);
    REQUIRE(h.size() == 1);
    CHECK(h[0].old_value == "Camille Un");
    CHECK(h[0].new_value == "Claude Deux");
    CHECK(h[0].note == "Changement de secteur");
    CHECK(h[0].changed_on == "2026-11-20");

    // Co-référents: added by the référent, seen in their caseload, removed again.
    CHECK(f.people.add_coreferent(f.c2, id, "c2").error().field == "user_id");
    REQUIRE(f.people.add_coreferent(f.c2, id, "c1").ok());
    CHECK(f.total(f.c1) == 2);
    // A co-référent does not change the référents.
    CHECK(f.people.remove_coreferent(f.c1, id, "c1").error().kind == ErrorKind::kForbidden);
    REQUIRE(f.people.remove_coreferent(f.c2, id, "c1").ok());
    CHECK(f.total(f.c1) == 1);
    CHECK(f.people.remove_coreferent(f.c2, id, "c1").error().field == "user_id");

    // Keeping the previous référent as co-référent (a structure-wide coordinator: c2 is not in
    // k1's team, so the record is out of the team coordinator's scope).
    Session all = testing::session("k1", Role::kCoordinator, "sA");
    CHECK(f.people.transfer(f.coord, id, {"c1", "Retour", ""}).error().kind ==
          ErrorKind::kNotFound);
    REQUIRE(f.people.transfer(all, id, {"c1", "Retour", "", true}).ok());
    b = f.people.get(f.c1, id);
    REQUIRE(b->referents.size() == 2);
    CHECK(b->referents[0].first == "c1");
    CHECK(b->referents[1].first == "c2");
    CHECK(f.total(f.c2) == 1);
  }
}

TEST_CASE("a coordinator reassigns a departing counselor's whole caseload in one action") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    // k1 coordinates team t1 (c1); give the coordinator the structure-wide scope.
    Session coord = testing::session("k1", Role::kCoordinator, "sA");
    for (auto name : {"Morel", "Aubert", "Benoit"}) f.person(f.c1, name);
    f.person(f.c2, "Durand");
    CHECK(f.total(f.c1) == 3);

    CHECK(f.people.reassign_caseload(f.c1, "c1", "c2", "").error().kind == ErrorKind::kForbidden);
    CHECK(f.people.reassign_caseload(coord, "c1", "c1", "").error().field == "to");
    CHECK(f.people.reassign_caseload(coord, "cB", "c2", "").error().field == "from");
    CHECK(f.total(f.c1) == 3);

    auto r = f.people.reassign_caseload(coord, "c1", "c2", "");
    REQUIRE(r.ok());
    CHECK(r->moved == 3);
    CHECK(f.total(f.c1) == 0);
    CHECK(f.total(f.c2) == 4);
    CHECK(f.count("SELECT COUNT(*) FROM beneficiary_changes WHERE field = 'referent' AND note = "
                  "'Reprise du portefeuille de Camille Un'") == 3);
    auto loads = f.people.referent_loads(coord);
    for (const auto& [user, n] : loads) {
      if (user.first == "c1") CHECK(n == 0);
      if (user.first == "c2") CHECK(n == 4);
    }
    // Nothing left to move.
    CHECK(f.people.reassign_caseload(coord, "c1", "c2", "").error().field == "from");
  }
}

TEST_CASE("status: pause with reason and return, exit with date and reason, and back") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.person(f.c1, "Morel");
    CHECK(f.people.set_status(f.c1, id, {"suspendu", "", "2027-01-15"}).error().field == "reason");
    CHECK(f.people.set_status(f.c1, id, {"suspendu", "sante", "2026-11-01"}).error().field ==
          "until");
    CHECK(
        f.people.set_status(f.c1, id, {"sorti", "demenagement", "", "2026-01-01"}).error().field ==
        "on");  // before the entry (2026-01-05)
    CHECK(f.people.set_status(f.c1, id, {"en_cours"}).error().field == "status");
    CHECK(f.people.set_status(f.c1, id, {"perdu"}).error().field == "status");
    CHECK(f.people.get(f.c1, id)->summary.status == "en_cours");
    CHECK(f.changes(id) == 0);

    REQUIRE(f.people.set_status(f.c1, id, {"suspendu", "sante", "2027-01-15"}).ok());
    auto b = f.people.get(f.c1, id);
    CHECK(b->summary.status == "suspendu");
    CHECK(b->pause_reason == "sante");
    CHECK(b->pause_until == "2027-01-15");

    f.clock.advance(60'000);
    REQUIRE(f.people.set_status(f.c1, id, {"sorti", "demenagement", "", "2026-11-20"}).ok());
    b = f.people.get(f.c1, id);
    CHECK(b->summary.status == "sorti");
    CHECK(b->exit_on == "2026-11-20");
    CHECK(b->pause_reason.empty());

    f.clock.advance(60'000);
    REQUIRE(f.people.set_status(f.c1, id, {"en_cours"}).ok());
    b = f.people.get(f.c1, id);
    CHECK(b->summary.status == "en_cours");
    CHECK(b->exit_on.empty());
    auto h = f.people.history(f.c1, *b);
    REQUIRE(h.size() == 3);
    CHECK(h[0].old_value == "Sorti le 20/11/2026 (Déménagement)");
    CHECK(h[0].new_value == "En accompagnement");
    CHECK(h[2].new_value == "En pause (Santé), retour prévu le 15/01/2027");

    // A co-référent sees the changes but not the previous values.
    f.clock.advance(60'000);
    REQUIRE(f.people.add_coreferent(f.c1, id, "c2").ok());
    auto seen = f.people.history(f.c2, *f.people.get(f.c2, id));
    CHECK(seen.front().field == "coreferent");
    for (const auto& c : seen) CHECK(c.old_value.empty());
  }
}

TEST_CASE("an edit with several mistakes names every field at once") {
  RecordEdit in;
  in.civility = "m";
  in.first_name = "Jean";
  in.last_name = "";             // missing
  in.birth_date = "2031-02-30";  // not a date
  in.email = "pas-une-adresse";  // invalid
  in.phone = "06 12";            // too short
  in.postal_code = "385";        // not 5 digits
  in.caf_id = "12AB";            // not digits
  auto today = dates::parse_iso_date("2026-12-03").value();
  auto mistakes = beneficiaries::edit_mistakes(in, today);
  std::vector<std::string> fields;
  for (const auto& e : mistakes) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"last_name", "birth_date", "email", "phone",
                                           "postal_code", "caf_id"});
  for (const auto& e : mistakes) CHECK_FALSE(e.message.empty());
  in.last_name = "Martin";
  in.birth_date = "1990-02-28";
  in.email = "jean.martin@example.org";
  in.phone = "06 12 34 56 78";
  in.postal_code = "38500";
  in.caf_id = "1234567";
  CHECK(beneficiaries::edit_mistakes(in, today).empty());
}
