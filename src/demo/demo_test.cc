#include "demo/demo.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <set>

#include "access/audit.h"
#include "beneficiaries/referentials.h"
#include "demo/catalogue.h"
#include "demo/documents.h"
#include "meetings/service.h"
#include "pathways/documents.h"
#include "pathways/referentials.h"
#include "pathways/service.h"
#include "support/referential_data.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::demo;

namespace {

// The appellation codes (OGR) of the shipped ROME edition.
std::set<std::string> shipped_appellations() {
  std::set<std::string> out;
  auto path = testing::shipped_data("rome/v347/unix_referentiel_appellation_v347_utf8.csv.gz");
  gzFile f = gzopen(path.c_str(), "rb");
  REQUIRE(f != nullptr);
  char line[4096];
  while (gzgets(f, line, sizeof line)) {
    std::string l(line);
    if (l.size() > 2 && l[0] == '"') out.insert(l.substr(1, l.find('"', 1) - 1));
  }
  gzclose(f);
  return out;
}

std::vector<std::string> people_of(store::Database& db) {
  auto tx = db.read();
  std::vector<std::string> out;
  for (const auto& r :
       tx.query("SELECT b.last_name, b.first_name, b.birth_date, b.entry_date, b.status, "
                "(SELECT COUNT(*) FROM appointments a WHERE a.beneficiary_id = b.id), "
                "(SELECT COUNT(*) FROM pathway_actions a WHERE a.beneficiary_id = b.id) "
                "FROM beneficiaries b ORDER BY b.created_at, b.last_name, b.first_name")) {
    out.push_back(r.text(0) + " " + r.text(1) + " " + r.text(2) + " " + r.text(3) + " " +
                  r.text(4) + " " + std::to_string(r.i64(5)) + " " + std::to_string(r.i64(6)));
  }
  tx.commit();
  return out;
}

}  // namespace

TEST_CASE("demo catalogue: every code is one of the referentials, every job a ROME appellation") {
  auto rome = shipped_appellations();
  REQUIRE(rome.size() > 10000);
  for (const auto& f : job_families()) {
    CAPTURE(f.experience);
    CHECK(f.appellations.size() >= 2);
    for (const char* a : f.appellations) CHECK(rome.contains(a));
  }
  for (const auto& n : needs()) {
    CAPTURE(n.situation);
    const auto* sit = beneficiaries::find_situation(n.situation);
    REQUIRE(sit != nullptr);
    CHECK(sit->group == std::string_view(n.theme));
    CHECK(std::string_view(n.theme) != "sante");  // health lives in its own module
    CHECK(pathways::find_entry(pathways::objective_catalogue(), n.objective) != nullptr);
    for (const char* a : n.actions) CHECK(pathways::find_entry(pathways::action_catalogue(), a));
  }
  for (const auto& p : professional_steps()) {
    CHECK(pathways::find_entry(pathways::objective_catalogue(), p.objective) != nullptr);
    for (const char* a : p.actions) CHECK(pathways::find_entry(pathways::action_catalogue(), a));
  }
  // The documents pass the upload check as PDF.
  auto pdf = demo_pdf("Carte nationale d'identité");
  CHECK(pathways::checked_type("piece.pdf", pdf, "").ok());
  CHECK(pdf.find("carte nationale d'identite") != std::string::npos);
  CHECK(pdf.ends_with("%%EOF\n"));
}

TEST_CASE("demo: same seed, same people; every counselor's dashboard has each warning; audited") {
  for (auto e : testing::engines()) {
    CAPTURE(store::engine_name(e));
    std::vector<std::string> first;
    for (int run = 0; run < 2; ++run) {
      testing::TestStore store(e);
      std::string dir = testing::make_temp_dir();
      SystemClock clock;
      SystemRandom rng;
      auto r = generate(store.db(), clock, rng, dir, 16, 11);
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
      CHECK(r->beneficiaries == 16);
      CHECK(r->accounts.size() == 7);
      auto people = people_of(store.db());
      REQUIRE(people.size() == 16);
      if (run == 0) {
        first = people;
      } else {
        CHECK(people == first);
      }
      // A second run on the same store changes nothing.
      auto again = generate(store.db(), clock, rng, dir, 16, 11);
      REQUIRE_FALSE(again.ok());
      CHECK(again.error().kind == ErrorKind::kConflict);
      CHECK(people_of(store.db()).size() == 16);
      // Chained under the data directory's key, as `jalon audit verify` reads it.
      CHECK(access::AuditLog::verify(store.db(), access::Keys::load_or_create(dir)).ok);
      if (run == 1) continue;
      // What each counselor finds on their home page.
      access::AuditLog audit(store.db(), clock);
      meetings::MeetingService meetings(store.db(), clock, rng, audit);
      pathways::PathwayService pathways(store.db(), clock, rng, audit, meetings);
      auto tx = store.db().read();
      auto rows = tx.query(
          "SELECT id, structure_id, team_id FROM users WHERE role = 'counselor' AND disabled_at "
          "IS NULL ORDER BY email");
      tx.commit();
      REQUIRE(rows.size() == 4);
      for (const auto& u : rows) {
        access::Session s;
        s.user_id = u.text(0);
        s.structure_id = u.text(1);
        s.team_id = u.text(2);
        s.role = access::Role::kCounselor;
        CAPTURE(s.user_id);
        auto d = pathways.dashboard(s);
        CHECK(!d.overdue_actions.empty());
        CHECK(!d.contracts_to_renew.empty());
        CHECK(!d.draft_reports.empty());
        CHECK(!d.referrals_due.empty());
        CHECK(!d.expiring_proofs.empty());
        Millis now = clock.now_ms();
        auto day = dates::day_start(dates::local_date(now), "Europe/Paris");
        CHECK(!meetings.agenda(s, s.user_id, day, day + 86'400'000).empty());
      }
      audit.flush();
      std::filesystem::remove_all(dir);
    }
  }
}
