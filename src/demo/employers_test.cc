// The demo's employers: 150 establishments around Voiron with Luhn-valid SIRETs, a prospecting
// history with next steps on the to-do lists, applications in every state, two hires, offers
// and two immersions.
#include "demo/employers.h"

#include <doctest/doctest.h>

#include <set>

#include "demo/demo.h"
#include "employers/referentials.h"
#include "support/test_stores.h"

using namespace jalon;

TEST_CASE("demo employers: around Voiron, every application state, two hires, next steps to do") {
  for (auto e : testing::engines()) {
    CAPTURE(store::engine_name(e));
    testing::TestStore store(e);
    std::string dir = testing::make_temp_dir();
    SystemClock clock;
    SystemRandom rng;
    auto r = demo::generate(store.db(), clock, rng, dir, 48, 11);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    auto tx = store.db().read();
    auto sirets = tx.query("SELECT siret FROM establishments WHERE commune_code LIKE '38%'");
    CHECK(sirets.size() == 150);
    for (const auto& s : sirets) CHECK(employers::valid_siret(s.text(0)));
    std::set<std::string> states;
    for (const auto& s : tx.query("SELECT DISTINCT state FROM applications")) {
      states.insert(s.text(0));
    }
    CHECK(states.size() == employers::application_states().size());
    CHECK(tx.query_one("SELECT COUNT(*) FROM placements")->i64(0) == 2);
    CHECK(tx.query_one("SELECT COUNT(*) FROM applications WHERE state = 'refusee' AND"
                       " refusal_reason IS NULL")
              ->i64(0) == 0);
    CHECK(tx.query_one("SELECT COUNT(*) FROM todo_items WHERE kind = 'prospection_a_relancer'")
              ->i64(0) > 0);
    // Synthetic offers in France Travail's layout, each linked to its demo employer by SIRET.
    CHECK(tx.query_one("SELECT COUNT(*) FROM offers WHERE source_id LIKE 'DEMO%' AND"
                       " establishment_id IS NOT NULL")
              ->i64(0) == 30);
    // Two immersions: one with its assessment, one to sign.
    std::set<std::string> immersions;
    for (const auto& s : tx.query("SELECT status FROM immersions")) immersions.insert(s.text(0));
    CHECK(immersions == std::set<std::string>{"a_signer", "bilan"});
    tx.commit();
  }
}
