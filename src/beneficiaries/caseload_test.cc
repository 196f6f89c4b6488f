// The caseload page is cached per scope, filters and page while the structure's caseload
// generation is unchanged: every write that changes what a scope sees must show at once.
#include <doctest/doctest.h>

#include "access/keys.h"
#include "access/policy.h"
#include "access/service.h"
#include "beneficiaries/service.h"
#include "support/test_stores.h"

using namespace jalon;
using access::Role;
using access::Session;
using jalon::testing::TestStore;

namespace {

Session session(std::string user, Role role, std::string team = "") {
  Session s;
  s.user_id = std::move(user);
  s.role = role;
  s.structure_id = "sA";
  s.team_id = std::move(team);
  s.public_id = "sess-" + s.user_id;
  return s;
}

struct Fixture {
  TestStore store;
  FakeClock clock{1'795'510'800'000};
  SystemRandom rng;
  access::Keys keys = access::Keys::from_bytes({1, 2, 3});
  access::AuditLog audit{store.db(), clock};
  access::PasswordPolicy policy{assets::AssetSource()};
  access::AccessService access{store.db(), clock, rng, keys, audit, policy};
  beneficiaries::BeneficiaryService people{store.db(), clock, rng, keys, audit};
  Session c1 = session("c1", Role::kCounselor, "t1");
  Session c2 = session("c2", Role::kCounselor);
  Session coord = session("k1", Role::kCoordinator, "t1");
  Session admin = session("a1", Role::kStructureAdmin);

  explicit Fixture(store::Engine e) : store(e) {
    auto tx = store.db().write();
    tx.exec_script(
        "INSERT INTO structures (id, name, kind, created_at) VALUES ('sA', 'ACI A', 'aci', 0);"
        "INSERT INTO teams (id, structure_id, name, created_at) VALUES ('t1', 'sA', 'Nord', 0);"
        "INSERT INTO users (id, structure_id, team_id, email, display_name, role, created_at) "
        "VALUES ('c1', 'sA', 't1', 'c1@x.fr', 'Camille Un', 'counselor', 0), "
        "('c2', 'sA', NULL, 'c2@x.fr', 'Claude Deux', 'counselor', 0), "
        "('k1', 'sA', 't1', 'k1@x.fr', 'Coord', 'coordinator', 0), "
        "('a1', 'sA', NULL, 'a1@x.fr', 'Admin', 'structure_admin', 0);");
    tx.commit();
  }

  std::string person(const Session& s, const std::string& last) {
    beneficiaries::NewBeneficiary in;
    in.civility = "mme";
    in.first_name = "Alix";
    in.last_name = last;
    in.birth_date = "1990-04-12";
    in.prescriber_kind = "caf";
    in.entry_date = "2026-01-05";
    in.scheme = "iae";
    in.referent_id = s.user_id;
    in.notice_version = "2026-01";
    auto r = people.create(s, in);
    REQUIRE(r.ok());
    return r->id;
  }

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
    CHECK(f.names(f.coord) == std::vector<std::string>{"Morel"});  // served from the cache
    CHECK(f.people.caseload(f.coord, {}).total == 1);

    f.person(f.c1, "Aubert");  // a creation in the structure
    CHECK(f.names(f.coord) == std::vector<std::string>{"Aubert", "Morel"});

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
