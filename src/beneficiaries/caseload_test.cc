// The caseload page is cached per scope, filters and page while the structure's caseload
// generation is unchanged: every write that changes what a scope sees must show at once.
#include <doctest/doctest.h>

#include "beneficiaries/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using access::Role;
using access::Session;

namespace {

struct Fixture : testing::CaseFixture {
  using CaseFixture::CaseFixture;

  std::vector<std::string> names(const Session& s) {
    std::vector<std::string> out;
    for (const auto& r : people.caseload(s, {}).rows) out.push_back(r.last_name);
    return out;
  }
};

}  // namespace

TEST_CASE("cached caseload pages follow creations, team changes and the referent list") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    f.person(f.c1, "Morel");
    f.person(f.c2, "Benoit");
    CHECK(f.names(f.coord) == std::vector<std::string>{"Morel"});
    auto hits = f.people.caseload_cache_hits();
    CHECK(f.names(f.coord) == std::vector<std::string>{"Morel"});
    CHECK(f.people.caseload_cache_hits() == hits + 1);  // served from the cache
    CHECK(f.people.caseload(f.coord, {}).total == 1);

    f.person(f.c1, "Aubert");  // a creation in the structure
    hits = f.people.caseload_cache_hits();
    CHECK(f.names(f.coord) == std::vector<std::string>{"Aubert", "Morel"});
    CHECK(f.people.caseload_cache_hits() == hits);  // recomputed, not served stale

    // c2 joins the coordinator's team: their people enter the team's caseload at once.
    REQUIRE(f.access.change_role(f.admin, "c2", Role::kCounselor, "t1").ok());
    CHECK(f.names(f.coord) == std::vector<std::string>{"Aubert", "Benoit", "Morel"});
    CHECK(f.people.caseload(f.coord, {}).total == 3);

    // ... and leave it when they move out again.
    REQUIRE(f.access.change_role(f.admin, "c2", Role::kCounselor, "").ok());
    CHECK(f.names(f.coord) == std::vector<std::string>{"Aubert", "Morel"});

    // The referent filter lists the enabled counselors and coordinators, disabling shows.
    auto listed = [&] {
      std::vector<std::string> ids;
      for (const auto& [id, name] : f.people.caseload(f.coord, {}).counselors) ids.push_back(id);
      return ids;
    };
    CHECK(listed() == std::vector<std::string>{"c1", "c2", "k1"});
    REQUIRE(f.access.set_disabled(f.admin, "c2", true).ok());
    CHECK(listed() == std::vector<std::string>{"c1", "k1"});
  }
}

TEST_CASE("health items stored in plain text by an older version are sealed at start-up, once") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string id = f.person(f.c1, "Sante");
    {
      // What a store written before issue 12 holds: health items among the diagnosis items, and
      // their theme in the caseload filter.
      auto tx = f.store.db().write();
      tx.exec(
          "INSERT INTO diagnoses (id, beneficiary_id, made_on, summary, created_at, created_by) "
          "VALUES ('d1', ?, '2026-02-01', '', 0, 'c1')",
          {id});
      tx.exec_script(
          "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, severity, note) VALUES "
          "('d1', 'sante', 'sa_mdph', 'barrier', 2, ''), "
          "('d1', 'mobilite', 'mo_sante', 'barrier', 3, ''), "
          "('d1', 'sante', '', 'lever', 0, 'Suivi par un CMP'), "
          "('d1', 'logement', 'lo_tiers', 'barrier', 1, '');");
      tx.exec("UPDATE beneficiaries SET barrier_themes = ',logement,mobilite,sante,' WHERE id = ?",
              {id});
      tx.commit();
    }
    CHECK(f.people.seal_plain_health_items() == 1);
    auto left = [&](const char* sql) {
      auto tx = f.store.db().read();
      auto r = tx.query_one(sql);
      std::string v = r ? r->text(0) : "";
      tx.commit();
      return v;
    };
    CHECK(left("SELECT CAST(COUNT(*) AS TEXT) FROM diagnosis_items WHERE diagnosis_id = 'd1'") ==
          "1");
    CHECK(left("SELECT item FROM diagnosis_items WHERE diagnosis_id = 'd1'") == "lo_tiers");
    CHECK(left("SELECT barrier_themes FROM beneficiaries WHERE last_name = 'Sante'") ==
          ",logement,mobilite,");
    std::string sealed =
        left("SELECT sealed_items FROM diagnosis_health WHERE diagnosis_id = 'd1'");
    CHECK_FALSE(sealed.empty());
    CHECK(sealed.find("mdph") == std::string::npos);
    CHECK(sealed.find("CMP") == std::string::npos);
    // Idempotent: a second start-up moves nothing and keeps the sealed items.
    CHECK(f.people.seal_plain_health_items() == 0);
    CHECK(left("SELECT CAST(COUNT(*) AS TEXT) FROM diagnosis_health") == "1");
    // The referent reads them in the health module once the structure turns it on.
    {
      auto tx = f.store.db().write();
      tx.exec("UPDATE structures SET health_module = 1 WHERE id = 'sA'");
      tx.commit();
    }
    auto b = f.people.get(f.c1, id, "health");
    REQUIRE(b);
    auto hd = f.people.health_diagnoses(f.c1, *b);
    REQUIRE(hd.size() == 1);
    CHECK(hd[0].items.size() == 3);
    auto other = f.people.get(f.coord, id, "health");
    REQUIRE(other);  // the coordinator sees the record, not its health
    CHECK(f.people.health_diagnoses(f.coord, *other).empty());
  }
}
