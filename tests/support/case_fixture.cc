#include "support/case_fixture.h"

namespace jalon::testing {

access::Session session(std::string user, access::Role role, std::string structure,
                        std::string team) {
  access::Session s;
  s.user_id = std::move(user);
  s.role = role;
  s.structure_id = std::move(structure);
  s.team_id = std::move(team);
  s.public_id = "sess-" + s.user_id;
  return s;
}

CaseFixture::CaseFixture(store::Engine e) : store(e) {
  auto tx = store.db().write();
  tx.exec_script(
      "INSERT INTO structures (id, name, kind, created_at) VALUES ('sA', 'ACI A', 'aci', 0), "
      "('sB', 'ACI B', 'aci', 0);"
      "INSERT INTO teams (id, structure_id, name, created_at) VALUES ('t1', 'sA', 'Nord', 0);"
      "INSERT INTO users (id, structure_id, team_id, email, display_name, role, created_at) "
      "VALUES ('c1', 'sA', 't1', 'c1@x.fr', 'Camille Un', 'counselor', 0), "
      "('c2', 'sA', NULL, 'c2@x.fr', 'Claude Deux', 'counselor', 0), "
      "('k1', 'sA', 't1', 'k1@x.fr', 'Coord', 'coordinator', 0), "
      "('a1', 'sA', NULL, 'a1@x.fr', 'Admin', 'structure_admin', 0), "
      "('cB', 'sB', NULL, 'cb@x.fr', 'Autre', 'counselor', 0);");
  tx.commit();
}

std::string CaseFixture::person(const access::Session& s, const std::string& last,
                                const std::string& email) {
  beneficiaries::NewBeneficiary in;
  in.civility = "mme";
  in.first_name = "Alix";
  in.last_name = last;
  in.birth_date = "1990-04-12";
  in.email = email;
  in.prescriber_kind = "caf";
  in.entry_date = "2026-01-05";
  in.scheme = "iae";
  in.referent_id = s.user_id;
  in.notice_version = "2026-01";
  auto r = people.create(s, in);
  REQUIRE(r.ok());
  return r->id;
}

int64_t CaseFixture::count(const std::string& sql) {
  auto tx = store.db().read();
  auto n = tx.query_one(sql)->i64(0);
  tx.commit();
  return n;
}

}  // namespace jalon::testing
