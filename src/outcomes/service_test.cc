// Outcomes on both engines: the exit with what it closes and its derived category, all the
// form's mistakes at once with nothing written, re-entry keeping both periods, the follow-up
// job putting a to-do on the référent's list and its answer feeding the rates (exit → job →
// rate), small cells, and the XLSX export whose totals equal the statistics.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "jobs/handlers.h"
#include "jobs/runner.h"
#include "jobs/todo.h"
#include "outcomes/service.h"
#include "outcomes/web.h"
#include "referentials/xlsx.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::outcomes;
using jalon::testing::kDay;

namespace {

struct Fixture : testing::CaseFixture {
  OutcomeService outcomes{store.db(), clock, rng, audit, people};

  explicit Fixture(store::Engine e) : CaseFixture(e) {}

  void exec(const std::string& sql, const store::Params& p = {}) {
    auto tx = store.db().write();
    tx.exec(sql, p);
    tx.commit();
  }
  // A person of c1 who entered on 2026-01-05 (the fixture's date).
  std::string entered(const std::string& last) { return person(c1, last); }
  ExitInput cdi(const std::string& on = "2026-10-30") {
    return {on, "embauche", "cdi", "", "900", "Menuiserie Allard", "", "Menuisier", ""};
  }
  std::vector<jobs::TodoItem> todo(const access::Session& s) {
    auto tx = store.db().read();
    return jobs::open_items(tx, s);
  }
  // Runs the jobs due at `at` with the real handlers.
  int run_jobs_at(Millis at) {
    clock.set(at);
    jobs::Runner runner(store.db(), clock, rng, {});
    jobs::register_handlers(runner, store.db(), clock, rng, "http://localhost", false);
    return runner.run_due();
  }
};

}  // namespace

TEST_CASE("an exit lists what it closes, derives its category and closes it all at once") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.entered("Morel");
    f.exec(
        "INSERT INTO contracts (id, structure_id, beneficiary_id, kind, status, starts_on, ends_on,"
        " created_at, created_by, updated_at, updated_by) VALUES ('ct1', 'sA', ?, 'siae',"
        " 'en_cours', '2026-01-05', '2027-01-04', 0, 'c1', 0, 'c1')",
        {id});
    f.exec(
        "INSERT INTO pathway_objectives (id, structure_id, beneficiary_id, free_label, status,"
        " created_at, created_by, updated_at, updated_by) VALUES ('ob1', 'sA', ?, 'Mobilité',"
        " 'en_cours', 0, 'c1', 0, 'c1')",
        {id});
    f.exec(
        "INSERT INTO pathway_actions (id, structure_id, beneficiary_id, objective_id, free_label,"
        " status, due_on, created_at, created_by, updated_at, updated_by) VALUES ('ac1', 'sA', ?,"
        " 'ob1', 'Permis', 'prevu', '2026-12-01', 0, 'c1', 0, 'c1')",
        {id});
    REQUIRE(f.people.add_coreferent(f.c1, id, "c2").ok());

    auto in = f.cdi();
    in.situation = "cdd";
    in.contract_months = "5";
    auto preview = f.outcomes.preview_exit(f.c1, id, in);
    REQUIRE(preview.ok());
    CHECK(preview->category == "transition");
    CHECK(preview->examined);
    REQUIRE(preview->closes.size() == 4);
    CHECK(preview->closes[0].find("sera terminé au 30/10/2026") != std::string::npos);
    CHECK(preview->closes[1] == "1 action ouverte sera annulée.");
    CHECK(preview->closes[2].find("ne sera plus co-référent") != std::string::npos);
    CHECK(preview->planned.size() == 2);
    CHECK(f.count("SELECT COUNT(*) FROM exits") == 0);  // a preview writes nothing

    auto exit_id = f.outcomes.record_exit(f.c1, id, in);
    REQUIRE(exit_id.ok());
    CHECK(f.people.get(f.c1, id)->summary.status == "sorti");
    CHECK(f.count("SELECT COUNT(*) FROM contracts WHERE status = 'termine' AND ends_on ="
                  " '2026-10-30'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM pathway_actions WHERE status = 'annule'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM caseload_members WHERE beneficiary_id = '" + id + "'") ==
          1);                             // the référent only
    CHECK_FALSE(f.people.get(f.c2, id));  // the former co-référent no longer sees the person
    CHECK(f.count("SELECT COUNT(*) FROM jobs WHERE kind = 'outcomes.followup_due'") == 2);
    auto exits = f.outcomes.exits_of(f.c1, id);
    REQUIRE(exits.size() == 1);
    CHECK(exits[0].category == "transition");
    auto fu = f.outcomes.followups_of(f.c1, id);
    REQUIRE(fu.size() == 2);
    CHECK(fu[0].due_on == "2027-04-30");
    CHECK(fu[1].due_on == "2028-10-30");
    // Twice: refused, nothing more written.
    CHECK(f.outcomes.record_exit(f.c1, id, in).error().kind == ErrorKind::kConflict);
    CHECK(f.count("SELECT COUNT(*) FROM exits") == 1);
    // Another structure's counselor: not found.
    CHECK(f.outcomes.record_exit(f.cb, id, in).error().kind == ErrorKind::kNotFound);
  }
}

TEST_CASE("the exit form gets every mistake at once and writes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.entered("Petit");
    ExitInput bad{"2027-01-01", "emploi_durable", "", "abc", "", "", "", "", ""};
    auto m = f.outcomes.exit_mistakes(bad);
    std::vector<std::string> fields;
    for (const auto& x : m) fields.push_back(x.field);
    CHECK(fields == std::vector<std::string>{"on", "reason", "situation", "contract_months"});
    CHECK(m[0].message == "La date de sortie ne peut pas être dans le futur.");
    CHECK_FALSE(f.outcomes.record_exit(f.c1, id, bad).ok());
    // Employed without an employer.
    auto in = f.cdi();
    in.employer = "";
    CHECK(f.outcomes.exit_mistakes(in).at(0).field == "employer");
    // Before the entry date.
    auto early = f.cdi("2025-12-01");
    CHECK(f.outcomes.record_exit(f.c1, id, early).error().field == "on");
    CHECK(f.count("SELECT COUNT(*) FROM exits") == 0);
    CHECK(f.people.get(f.c1, id)->summary.status != "sorti");
  }
}

TEST_CASE("re-entry keeps both periods; the earlier follow-ups become void") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.entered("Roux");
    REQUIRE(f.outcomes.record_exit(f.c1, id, f.cdi("2026-03-31")).ok());
    CHECK(f.outcomes.reenter(f.c1, id, "2026-03-01", "").error().field == "on");
    REQUIRE(f.outcomes.reenter(f.c1, id, "2026-11-02", "Retour après une fin de CDD").ok());
    auto b = f.people.get(f.c1, id);
    CHECK(b->summary.status == "en_cours");
    CHECK(b->summary.entry_date == "2026-11-02");
    auto fu = f.outcomes.followups_of(f.c1, id);
    CHECK(fu[0].status == "a_faire");  // due before the return: still to record
    CHECK(fu[1].status == "sans_objet");
    // The second exit: both periods in the history.
    REQUIRE(f.outcomes.record_exit(f.c1, id, f.cdi("2026-11-20")).ok());
    auto exits = f.outcomes.exits_of(f.c1, id);
    REQUIRE(exits.size() == 2);
    CHECK(exits[0].entry_on == "2026-11-02");
    CHECK(exits[0].examined == false);  // 18 days: below the 3-month minimum
    CHECK(exits[1].entry_on == "2026-01-05");
    CHECK(exits[1].reentered_on == "2026-11-02");
  }
}

TEST_CASE("exit → follow-up job → to-do of the référent → answer → rate") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.entered("Blanc");
    auto in = f.cdi("2026-05-20");
    REQUIRE(f.outcomes.record_exit(f.c1, id, in).ok());
    // The 6-month follow-up is due on 2026-11-20: its job runs, the to-do appears.
    CHECK(f.todo(f.c1).empty());
    f.run_jobs_at(jalon::testing::kNow);
    auto items = f.todo(f.c1);
    REQUIRE(items.size() == 1);
    CHECK(items[0].kind_label == "Suivi après la sortie à renseigner");
    auto fu = f.outcomes.followups_of(f.c1, id);
    CHECK(items[0].link == "/suivis-sortie/" + fu[0].id);
    CHECK(fu[0].opened);
    CHECK_FALSE(fu[1].opened);  // the 24-month one waits for its date
    // "Injoignable" is an answer, distinct from "not recorded".
    auto stats = f.outcomes.statistics(f.c1, {});
    CHECK(stats.total.to_do6 == 1);
    REQUIRE(f.outcomes.record_followup(f.c1, fu[0].id, {"injoignable"}).ok());
    stats = f.outcomes.statistics(f.coord, {});
    CHECK(stats.total.unreachable6 == 1);
    CHECK(stats.total.rncp6.respondents == 0);
    // Answered: in a CDI in the target job. The to-do is done at the next refresh.
    REQUIRE(
        f.outcomes
            .record_followup(f.c1, fu[0].id,
                             {"renseigne", "cdi", "", "Menuiserie Allard", "Menuisier", "", true})
            .ok());
    f.run_jobs_at(jalon::testing::kNow + 2 * kDay);
    {
      auto tx = f.store.db().write();
      jobs::refresh_todo(tx, f.rng, f.clock, "sA");
      tx.commit();
    }
    CHECK(f.todo(f.c1).empty());
    stats = f.outcomes.statistics(f.coord, {});
    CHECK(stats.total.exits == 1);
    CHECK(stats.total.dynamic.numerator == 1);
    CHECK(stats.total.dynamic.denominator == 1);
    CHECK_FALSE(stats.total.dynamic.shown);  // 1 < 20: small cell
    CHECK(stats.total.rncp6.global.numerator == 1);
    CHECK(stats.total.rncp6.target_job.numerator == 1);
    CHECK(stats.total.access6.numerator == 1);
    CHECK(stats.total.durable6.numerator == 1);
    // Bad answers change nothing.
    CHECK(f.outcomes.record_followup(f.c1, fu[1].id, {"renseigne", "lune"}).error().field ==
          "situation");
    CHECK(f.outcomes.record_followup(f.cb, fu[1].id, {"injoignable"}).error().kind ==
          ErrorKind::kNotFound);
  }
}

TEST_CASE("rates by breakdown with small cells, and an XLSX whose totals equal the page") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    // 24 exits of c1: 10 CDI, 6 CDD of 3 months, 4 other SIAE, 4 job seeking; 2 of the CDI in
    // another year. 1 exit of c2 (a cell of one).
    const char* kinds[] = {"cdi", "cdd", "autre_siae", "recherche_emploi"};
    int counts[] = {10, 6, 4, 4};
    int n = 0;
    for (int k = 0; k < 4; ++k) {
      for (int i = 0; i < counts[k]; ++i) {
        auto id = f.entered("P" + std::to_string(++n));
        ExitInput in{n <= 2 ? "2025-12-31" : "2026-09-30",
                     "fin_parcours",
                     kinds[k],
                     k == 1 ? "3" : "",
                     "600",
                     k < 3 ? "Employeur" : "",
                     "",
                     "",
                     ""};
        f.exec("UPDATE beneficiaries SET entry_date = '2025-06-01' WHERE id = ?", {id});
        REQUIRE(f.outcomes.record_exit(f.c1, id, in).ok());
      }
    }
    auto other = f.person(f.c2, "Autre");
    f.exec("UPDATE beneficiaries SET entry_date = '2025-06-01' WHERE id = ?", {other});
    REQUIRE(f.outcomes.record_exit(f.c2, other, f.cdi("2026-09-30")).ok());

    auto st = f.outcomes.statistics(f.coord, {});
    CHECK(st.total.exits == 25);
    CHECK(st.total.examined == 25);
    CHECK(st.total.dynamic.numerator == 21);
    CHECK(st.total.dynamic.shown);
    CHECK(rate_text(st.total.dynamic, 20) == "84 %");
    CHECK(st.entries == 25);

    StatsQuery by;
    by.by = "referent";
    auto br = f.outcomes.statistics(f.coord, by);
    REQUIRE(br.rows.size() == 2);
    CHECK(br.rows[0].exits + br.rows[1].exits == 25);
    for (const auto& r : br.rows) {
      if (r.exits == 1) CHECK_FALSE(r.dynamic.shown);  // O11
      if (r.exits == 24) CHECK(r.dynamic.shown);
    }
    StatsQuery year;
    year.from = "2026-01-01";
    CHECK(f.outcomes.statistics(f.coord, year).total.exits == 23);

    // The people behind a figure: the coordinator's team scope (c1 is in t1, c2 is not).
    CHECK(f.outcomes.people_behind(f.coord, {}, "exits", "").size() == 24);
    CHECK(f.outcomes.people_behind(f.coord, {}, "dynamic", "").size() == 20);

    // The export: its "Taux" total row and its per-person sheet equal the statistics.
    auto detail = f.outcomes.export_rows(f.coord, {});
    std::string bytes = stats_workbook(st, &detail.exits, &detail.followups);
    std::string path = "/tmp/outcomes-test-" + std::string(store::engine_name(e)) + ".xlsx";
    std::ofstream(path, std::ios::binary) << bytes;
    referentials::XlsxWorkbook wb(path);
    REQUIRE(wb.sheets().size() == 3);
    CHECK(wb.sheets()[0].name == "Taux");
    wb.open_sheet(0);
    std::vector<std::string> cells;
    int64_t row = 0;
    std::vector<std::string> total;
    while (wb.next_row(cells, row)) {
      if (!cells.empty() && cells[0] == "Total") total = cells;
    }
    REQUIRE(total.size() > 12);
    CHECK(std::stoll(total[1]) == st.total.exits);
    CHECK(std::stoll(total[2]) == st.total.examined);
    CHECK(std::stoll(total[3]) == st.total.durable);
    CHECK(std::stoll(total[10]) == st.total.dynamic.numerator);
    CHECK(std::stoll(total[11]) == st.total.dynamic.denominator);
    CHECK(std::stod(total[9]) == doctest::Approx(84.0));
    wb.open_sheet(1);
    int people = -1;  // the header
    std::string count;
    while (wb.next_row(cells, row)) {
      if (!cells.empty() && cells[0] == "Total") {
        count = cells.size() > 2 ? cells[2] : "";
      } else {
        ++people;
      }
    }
    CHECK(people == 24);  // the coordinator's scope
    CHECK(count == "24");
    std::remove(path.c_str());
    // Aggregates only (funders): one sheet.
    std::string agg = stats_workbook(st, nullptr, nullptr);
    std::ofstream(path, std::ios::binary) << agg;
    CHECK(referentials::XlsxWorkbook(path).sheets().size() == 1);
    std::remove(path.c_str());
  }
}
