// Privacy operations on both engines (issue 23): the data inventory against the live schema
// and the generated register; the retention clock (24 months ± 1 day, a workshop attendance
// moving it, the 30-day notice on the référent's to-do list, a legal hold, a dry run changing
// nothing); the canary purge leaving no trace in any column nor in the SQLite file; the
// subject-access export; erasure and its FSE+ exception; the audit retention.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/dates.h"
#include "jobs/todo.h"
#include "ops/backup.h"
#include "privacy/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::privacy;
using jalon::testing::kDay;

namespace {

constexpr const char* kCanary = "Zqxcanary";

Millis at_noon(const std::string& iso) {
  return dates::day_start(*dates::parse_iso_date(iso)) + 12 * testing::kHour;
}

struct Fixture : testing::CaseFixture {
  assets::AssetSource assets;
  std::string uploads = store.data_dir() + "/uploads";
  PrivacyService privacy{store.db(), audit, clock, rng, inventory(assets), uploads};

  explicit Fixture(store::Engine e) : CaseFixture(e) {
    std::filesystem::create_directories(uploads);
  }
  void exec(const std::string& sql, const store::Params& p = {}) {
    auto tx = store.db().write();
    tx.exec(sql, p);
    tx.commit();
  }
  // A person of c1 whose last contact (an attended appointment) was on `last`.
  std::string contacted_on(const std::string& last, const std::string& name = "Morel") {
    auto id = person(c1, name);
    exec(
        "UPDATE beneficiaries SET entry_date = '2024-01-08', last_contact_on = ?, updated_at = ?"
        " WHERE id = ?",
        {last, at_noon("2024-01-08"), id});
    return id;
  }
  bool exists(const std::string& id) {
    return count("SELECT COUNT(*) FROM beneficiaries WHERE id = '" + id + "'") == 1;
  }
  std::vector<jobs::TodoItem> todo(const access::Session& s) {
    auto tx = store.db().write();
    jobs::refresh_todo(tx, rng, clock, "sA");
    auto items = jobs::open_items(tx, s);
    tx.commit();
    return items;
  }
};

bool has_kind(const std::vector<jobs::TodoItem>& items, const std::string& kind,
              const std::string& id) {
  for (const auto& i : items)
    if (i.kind == kind && i.beneficiary_id == id) return true;
  return false;
}

}  // namespace

TEST_CASE("the data inventory classifies every column of the live schema, and only those") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    const auto& inv = inventory(f.assets);
    auto problems = schema_problems(f.store.db(), inv);
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    CHECK_MESSAGE(problems.empty(), all);
    // A migration adding a column the inventory does not know fails the check.
    f.exec("ALTER TABLE beneficiaries ADD COLUMN nickname TEXT");
    problems = schema_problems(f.store.db(), inv);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("beneficiaries.nickname") != std::string::npos);
  }
}

TEST_CASE("the inventory files refuse an unknown category with its entry") {
  CHECK_THROWS_WITH(parse_inventory("table;subject;link;purpose;basis;retention;roles\n",
                                    "table;column;category;sensitivity;export;anonymise;engines\n"
                                    "beneficiaries;id;secret;aucune;non;supprime;both\n"),
                    doctest::Contains("catégorie inconnu « secret »"));
  CHECK_THROWS_WITH(parse_inventory("table;subject;link;purpose;basis;retention;roles\n"
                                    "beneficiaries;beneficiaire;id = 1;p;b;r;x\n",
                                    "table;column;category;sensitivity;export;anonymise;engines\n"),
                    doctest::Contains("entrée 1"));
}

TEST_CASE("the committed processing register is the one the inventory generates") {
  assets::AssetSource assets;
  std::ifstream in(std::string(JALON_SOURCE_DIR) + "/docs/processing-register.md");
  REQUIRE(in.good());
  std::stringstream committed;
  committed << in.rdbuf();
  std::string generated = processing_register(inventory(assets));
  CHECK(generated.find("## beneficiaries") != std::string::npos);
  CHECK(generated.find("health_items") != std::string::npos);
  CHECK_MESSAGE(
      committed.str() == generated,
      "docs/processing-register.md is stale: regenerate it with `jalon privacy register`");
}

TEST_CASE("a file is purged 24 months after the last contact, not a day before") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.contacted_on("2024-12-20");
    auto other = f.contacted_on("2025-06-02", "Vidal");
    // 2026-11-19: more than 30 days before the end (2026-12-20): nothing.
    f.clock.set(at_noon("2026-11-19"));
    auto r = f.privacy.run_retention("sA", false);
    CHECK(r.notified == 0);
    CHECK_FALSE(has_kind(f.todo(f.c1), "conservation_echeance", id));
    // 2026-11-20: the notice, on the référent's list.
    f.clock.set(at_noon("2026-11-20"));
    r = f.privacy.run_retention("sA", false);
    CHECK(r.notified == 1);
    CHECK(has_kind(f.todo(f.c1), "conservation_echeance", id));
    CHECK(f.privacy.upcoming(f.c1).size() == 1);
    CHECK(f.privacy.upcoming(f.c2).empty());  // not in c2's caseload
    // 2026-12-19, the day before: kept.
    f.clock.set(at_noon("2026-12-19"));
    r = f.privacy.run_retention("sA", false);
    CHECK(r.purged == 0);
    CHECK(f.exists(id));
    // 2026-12-20: purged, an anonymised row and a journal line left.
    f.clock.set(at_noon("2026-12-20"));
    r = f.privacy.run_retention("sA", false);
    CHECK(r.purged == 1);
    CHECK_FALSE(f.exists(id));
    CHECK(f.exists(other));
    CHECK(f.count("SELECT COUNT(*) FROM anonymised_people WHERE birth_year = 1990 AND"
                  " entry_month = '2024-01' AND cause = 'conservation'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM erasure_journal WHERE beneficiary_ref = '" + id +
                  "' AND kind = 'conservation'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM caseload_members WHERE beneficiary_id = '" + id + "'") ==
          0);
    CHECK_FALSE(has_kind(f.todo(f.c1), "conservation_echeance", id));
  }
}

TEST_CASE("a workshop attendance moves the clock and withdraws the notice; a hold keeps it") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.contacted_on("2024-12-20");
    auto held = f.contacted_on("2024-12-20", "Vidal");
    f.clock.set(at_noon("2026-11-25"));
    CHECK(f.privacy.run_retention("sA", false).notified == 2);
    f.exec(
        "INSERT INTO workshop_templates (id, structure_id, title, themes, duration_min,"
        " created_at, created_by, updated_at) VALUES ('wt', 'sA', 'CV', 'numerique', 120, 0,"
        " 'c1', 0)");
    f.exec(
        "INSERT INTO workshop_sessions (id, structure_id, template_id, starts_at, duration_min,"
        " mode, facilitator_id, created_at, created_by, updated_at) VALUES ('ws', 'sA', 'wt', ?,"
        " 120, 'presentiel', 'c1', 0, 'c1', 0)",
        {at_noon("2025-09-15")});
    f.exec(
        "INSERT INTO workshop_participations (id, session_id, beneficiary_id, structure_id,"
        " status, enrolled_at, enrolled_by) VALUES ('wp', 'ws', ?, 'sA', 'present', 0, 'c1')",
        {id});
    auto clock_of = f.privacy.file_clock(f.c1, id);
    REQUIRE(clock_of.ok());
    CHECK(clock_of->last_contact_on == "2025-09-15");
    CHECK(clock_of->purge_on == "2027-09-15");
    // A hold needs a reason and a future date; all mistakes at once.
    auto bad = f.privacy.set_hold(f.coord, held, "", "2020-01-01");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().more.size() == 1);
    REQUIRE(
        f.privacy.set_hold(f.coord, held, "Contentieux prud'homal en cours", "2027-06-30").ok());
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE object_id = '" + held +
                  "' AND details LIKE 'legal_hold%'") == 1);
    auto r = f.privacy.run_retention("sA", false);
    CHECK(r.withdrawn == 1);  // the attendance moved `id` out of the notice period
    f.clock.set(at_noon("2027-01-10"));
    r = f.privacy.run_retention("sA", false);
    CHECK(r.purged == 0);
    CHECK(r.held == 1);
    CHECK(f.exists(held));
    CHECK(f.exists(id));
  }
}

TEST_CASE("a dry run reports the purge and changes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.contacted_on("2023-05-02");
    f.clock.set(at_noon("2026-11-25"));
    auto before = ops::table_hashes(f.store.db());
    auto r = f.privacy.run_retention("sA", true);
    CHECK(r.purged == 1);
    CHECK(r.purged_ids == std::vector<std::string>{id});
    CHECK(ops::table_hashes(f.store.db()) == before);
  }
}

TEST_CASE("a purged file leaves its canary nowhere: no column, no upload, not the SQLite file") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    std::string email = std::string(kCanary) + "@exemple.test";
    auto id = f.person(f.c1, kCanary, email);
    f.exec("UPDATE beneficiaries SET phone = '06 12 34 56 78', ft_id = ? WHERE id = ?",
           {std::string(kCanary) + "FT", id});
    f.exec(
        "INSERT INTO appointments (id, structure_id, beneficiary_id, counselor_id, reference,"
        " starts_at, duration_min, kind, mode, place, status, created_at, created_by, updated_at)"
        " VALUES ('ap', 'sA', ?, 'c1', 'R1', ?, 60, 'suivi', 'presentiel', ?, 'honore', 0, 'c1',"
        " 0)",
        {id, testing::kNow - 30 * kDay, std::string("Chez ") + kCanary});
    f.exec(
        "INSERT INTO interview_reports (id, structure_id, beneficiary_id, appointment_id, kind,"
        " status, created_at, created_by, updated_at, updated_by) VALUES ('ir', 'sA', ?, 'ap',"
        " 'suivi', 'draft', 0, 'c1', 0, 'c1')",
        {id});
    f.exec(
        "INSERT INTO interview_report_sections (report_id, section, body) VALUES ('ir',"
        " 'synthese', ?)",
        {std::string("Échange avec ") + kCanary + " sur son projet"});
    f.exec("UPDATE interview_reports SET status = 'final' WHERE id = 'ir'");  // then immutable
    f.exec(
        "INSERT INTO beneficiary_documents (id, structure_id, beneficiary_id, kind, label,"
        " filename, content_type, size, sha256, storage_name, uploaded_at, uploaded_by) VALUES"
        " ('doc', 'sA', ?, 'cv', 'CV', ?, 'application/pdf', 10, 'x', 'canary-file', 0, 'c1')",
        {id, std::string(kCanary) + ".pdf"});
    std::ofstream(f.uploads + "/canary-file") << kCanary;
    f.exec(
        "INSERT INTO outbox (id, structure_id, recipient, subject, body, status, created_at)"
        " VALUES ('ob', 'sA', ?, 'Convocation', ?, 'sent', 0)",
        {email, std::string("Bonjour ") + kCanary});
    REQUIRE(f.count("SELECT COUNT(*) FROM interview_report_sections WHERE body LIKE '%" +
                    std::string(kCanary) + "%'") == 1);

    auto tx = f.store.db().write();
    auto counts = f.privacy.purge_in(tx, id, "effacement", "coordinateur");
    tx.commit();
    CHECK(counts.rows >= 7);
    CHECK(counts.files == 1);
    CHECK_FALSE(std::filesystem::exists(f.uploads + "/canary-file"));
    // Every text column of every table.
    int64_t hits = 0;
    std::string where_hits;
    for (const auto& [table, cols] : live_schema(f.store.db())) {
      for (const auto& c : cols) {
        int64_t n = f.count("SELECT COUNT(*) FROM " + table + " WHERE lower(CAST(\"" + c +
                            "\" AS TEXT)) LIKE '%zqxcanary%'");
        if (n) where_hits += table + "." + c + " ";
        hits += n;
      }
    }
    CHECK_MESSAGE(hits == 0, where_hits);
    if (e == store::Engine::kSqlite) {
      f.exec("INSERT INTO people_search (people_search) VALUES ('optimize')");
      // Everything into the main file, the WAL emptied (its old frames held the rows).
      sqlite3* raw = nullptr;
      REQUIRE(sqlite3_open((f.store.data_dir() + "/jalon.db").c_str(), &raw) == SQLITE_OK);
      REQUIRE(sqlite3_exec(raw, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr,
                           nullptr) == SQLITE_OK);  // opens the WAL
      int log_frames = -1, done_frames = -1;
      CHECK(sqlite3_wal_checkpoint_v2(raw, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
                                      &done_frames) == SQLITE_OK);
      CHECK(log_frames == 0);  // TRUNCATE: the WAL is empty afterwards
      CHECK(std::filesystem::file_size(f.store.data_dir() + "/jalon.db") > 100'000);
      sqlite3_close(raw);
      std::string bytes;
      for (const char* file : {"/jalon.db", "/jalon.db-wal"}) {
        std::ifstream in(f.store.data_dir() + file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        bytes += ss.str();
      }
      CHECK(bytes.size() > 0);
      auto at = bytes.find(kCanary);
      std::string around =
          at == std::string::npos ? "" : bytes.substr(at > 160 ? at - 160 : 0, 320);
      for (auto& ch : around) ch = (ch >= 32 && ch < 127) ? ch : '.';
      CHECK_MESSAGE(at == std::string::npos, around);
      CHECK(bytes.find("zqxcanary") == std::string::npos);  // the folded search keys
    }
  }
}

TEST_CASE("the subject-access export holds every exported value and who read the record") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.person(f.c1, "Morel", "alix.morel@exemple.test");
    f.exec(
        "UPDATE beneficiaries SET phone = '06 11 22 33 44', ft_id = 'FT1234567', caf_id ="
        " 'CAF7654321', address_line = '3 rue des Tilleuls', postal_code = '38500',"
        " pause_reason = 'Garde d''enfant' WHERE id = ?",
        {id});
    auto none = f.privacy.export_person(f.cb, id);  // another structure
    CHECK_FALSE(none.ok());
    f.audit.flush();
    auto out = f.privacy.export_person(f.c1, id);
    REQUIRE(out.ok());
    const auto& b = (*out)["donnees"]["beneficiaries"]["lignes"][0];
    // Every column the inventory exports for the person's row is there with its value.
    auto tx = f.store.db().read();
    for (const auto* c : inventory(f.assets).columns_of("beneficiaries")) {
      if (!c->exported) continue;
      CAPTURE(c->column);
      REQUIRE(b.contains(c->column));
      auto v = tx.query_one(
          "SELECT CAST(" + c->column + " AS TEXT) FROM beneficiaries WHERE id = ?", {id});
      if (!v->is_null(0)) {
        std::string got =
            b[c->column].is_string() ? b[c->column].get<std::string>() : b[c->column].dump();
        CHECK(got == v->text(0));
      }
    }
    tx.commit();
    CHECK(b["ft_id"] == "FT1234567");
    CHECK_FALSE(b.contains("name_key"));  // technical columns stay out
    f.audit.flush();
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_id = '" + id +
                  "'") == 1);
    auto again = f.privacy.export_person(f.c1, id);
    bool export_listed = false;
    for (const auto& a : (*again)["acces_au_dossier"]) export_listed |= a["action"] == "export";
    CHECK(export_listed);
  }
}

TEST_CASE("erasure purges at once, except while an FSE+ audit keeps the file") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto kept = f.person(f.c1, "Morel");
    auto gone = f.person(f.c1, "Vidal");
    f.exec(
        "INSERT INTO exits (id, structure_id, beneficiary_id, entry_on, exit_on, reason,"
        " situation, category, examined, fse, scheme, days, created_at, created_by) VALUES"
        " ('x1', 'sA', ?, '2025-01-06', '2025-12-19', 'embauche', 'cdi', 'durable', 1, 1, 'iae',"
        " 347, 0, 'c1')",
        {kept});
    auto refused = f.privacy.erase(f.coord, kept, "Demande écrite de la personne");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("FSE+") != std::string::npos);
    CHECK(f.exists(kept));
    CHECK(f.count("SELECT COUNT(*) FROM erasure_journal WHERE kind = 'refus'") == 1);
    CHECK_FALSE(f.privacy.erase(f.cb, gone, "x").ok());  // out of scope: not found
    CHECK(f.exists(gone));
    auto done = f.privacy.erase(f.coord, gone, "Demande écrite de la personne");
    REQUIRE(done.ok());
    CHECK_FALSE(f.exists(gone));
    CHECK(f.count("SELECT COUNT(*) FROM erasure_journal WHERE kind = 'effacement' AND"
                  " beneficiary_ref = '" +
                  gone + "'") == 1);
  }
}

TEST_CASE("the audit retention drops old records behind a signed checkpoint") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    testing::TestStore store(e);
    FakeClock clock(testing::kNow - 400 * kDay);
    auto keys = access::Keys::from_bytes({4, 5, 6});
    std::string file = store.data_dir() + "/audit/checkpoints";
    access::AuditLog unpinned(store.db(), clock);
    CHECK_FALSE(unpinned.purge_before(testing::kNow).ok());  // no checkpoint file
    access::AuditLog log(store.db(), clock, keys, file);
    auto write = [&](int n) {
      for (int i = 0; i < n; ++i) {
        auto tx = store.db().write();
        log.record(tx, {"u1", "conseiller", "sA", "read", "beneficiary", "b" + std::to_string(i),
                        "identity", "success", "s1", ""});
        tx.commit();
      }
    };
    write(5);  // 400 days ago
    clock.set(testing::kNow);
    write(3);
    auto p = log.purge_before(testing::kNow - 365 * kDay);
    REQUIRE(p.ok());
    CHECK(p->deleted == 5);
    CHECK(p->purged_until == 5);
    auto v = access::AuditLog::verify(store.db(), keys, file);
    CHECK_MESSAGE(v.ok, v.problem);
    CHECK(v.records == 3);
    CHECK(v.purged_until == 5);
    // The records above the watermark stay append-only.
    {
      auto tx = store.db().write();
      CHECK_THROWS(tx.exec("DELETE FROM audit_log WHERE seq = 6"));
    }
    // Moving the watermark by hand (no signed checkpoint there) is caught.
    {
      auto tx = store.db().write();
      tx.exec(
          "UPDATE audit_head SET purged_until = 6, purged_hash = (SELECT hash FROM audit_log"
          " WHERE seq = 6) WHERE id = 1");
      tx.exec("DELETE FROM audit_log WHERE seq = 6");
      tx.commit();
    }
    auto broken = access::AuditLog::verify(store.db(), keys, file);
    CHECK_FALSE(broken.ok);
    CHECK(broken.problem.find("without a signed checkpoint") != std::string::npos);
  }
}
