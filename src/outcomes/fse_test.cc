// FSE+ (O5–O7) and the placement prefill: the mapping file's rules (a participant has exactly
// one employment status, EECO01 is their sum; a sensitive item not given still counts the
// participant, O6), the indicators by gender whose XLSX totals equal the page's, the funder's
// aggregates-only workbook, and the exit form prefilled from a hire.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "outcomes/service.h"
#include "outcomes/web.h"
#include "referentials/xlsx.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::outcomes;

namespace {

bool has(const std::vector<std::string>& l, const std::string& c) {
  return std::find(l.begin(), l.end(), c) != l.end();
}

}  // namespace

TEST_CASE("O5/O6: one employment status per participant, EECO01 their sum, from the mapping") {
  const auto& rules = fse_rules();
  REQUIRE(rules.size() >= 20);
  CHECK(rules.front().version == "2021-1057.v1");
  FseFacts f;
  f.civility = "mme";
  f.work_situation = "recherche_emploi";
  f.education_level = "NV5";
  f.age = 24;
  f.barriers = {"em_plus_2a", "lo_sans"};
  f.exit_situation = "cdd";
  f.m6_situation = "cdi";
  int statuses = 0;
  auto codes = fse_codes(f, rules, &statuses);
  CHECK(statuses == 1);
  for (const char* c :
       {"EECO01", "EECO02", "EECO03", "EECO07", "EECO10", "EECO16", "EECR04", "EECR05"}) {
    CAPTURE(c);
    CHECK(has(codes, c));
  }
  for (const char* c : {"EECO04", "EECO05", "EECO08", "EECO12", "EECO13", "EECR01"}) {
    CAPTURE(c);
    CHECK_FALSE(has(codes, c));
  }
  // O6: no health item given (the person may decline): still a participant.
  CHECK(f.health.empty());
  CHECK(has(codes, "EECO01"));
  // Long-term unemployment needs unemployment: an employed person with the same barrier isn't.
  f.work_situation = "emploi";
  codes = fse_codes(f, rules, &statuses);
  CHECK(has(codes, "EECO05"));
  CHECK_FALSE(has(codes, "EECO03"));
  // O5: no employment status at entry is a mistake, and the person is not in EECO01.
  f.work_situation = "";
  codes = fse_codes(f, rules, &statuses);
  CHECK(statuses == 0);
  CHECK_FALSE(has(codes, "EECO01"));
  // Two statuses (a mapping listing a value twice) is caught the same way.
  auto twice = rules;
  for (auto& r : twice) {
    if (r.code == "EECO04") r.values.push_back("emploi");
  }
  f.work_situation = "emploi";
  fse_codes(f, twice, &statuses);
  CHECK(statuses == 2);
}

TEST_CASE("the exit form is prefilled from the latest placement") {
  auto in =
      exit_from_placement({"Menuiserie Allard", "Menuisier", "cdd", "2026-03-01", "2026-08-31"});
  CHECK(in.situation == "cdd");
  CHECK(in.contract_months == "6");
  CHECK(in.employer == "Menuiserie Allard");
  CHECK(in.job_label == "Menuisier");
  CHECK(in.reason == "embauche");
  CHECK(in.on.empty());  // the counselor gives the date
  CHECK(exit_from_placement({"E", "J", "cdd_insertion", "2026-01-01", ""}).situation ==
        "autre_siae");
  CHECK(exit_from_placement({"E", "J", "apprentissage", "2026-01-01", ""}).situation ==
        "alternance");
  CHECK(exit_from_placement({"E", "J", "autre", "2026-01-01", ""}).situation.empty());
  CHECK(exit_from_placement({"E", "J", "cdi", "2026-01-01", ""}).contract_months.empty());
}

TEST_CASE("FSE+ indicators by gender: the XLSX totals equal the page; funders get aggregates") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    testing::CaseFixture f(e);
    OutcomeService outcomes{f.store.db(), f.clock, f.rng, f.audit, f.people};
    auto exec = [&](const std::string& sql, const store::Params& p) {
      auto tx = f.store.db().write();
      tx.exec(sql, p);
      tx.commit();
    };
    // Three FSE+ participants: two women (unemployed; one of them in a job at exit), one man
    // with no employment status recorded; and one exit outside FSE+.
    struct P {
      const char* last;
      const char* civility;
      const char* work;
      const char* situation;
      bool fse;
    };
    std::vector<P> people = {{"Arnaud", "mme", "recherche_emploi", "cdi", true},
                             {"Barre", "mme", "recherche_emploi", "recherche_emploi", true},
                             {"Colin", "m", "", "cdd", true},
                             {"Dumas", "m", "emploi", "cdi", false}};
    int k = 0;
    for (const auto& p : people) {
      auto id = f.person(f.c1, p.last);
      exec(
          "UPDATE beneficiaries SET civility = ?, entry_date = '2025-06-01',"
          " birth_date = '2000-03-01' WHERE id = ?",
          {p.civility, id});
      if (*p.work) {
        exec(
            "INSERT INTO situation_records (id, beneficiary_id, recorded_on, recorded_at,"
            " recorded_by, education_level, work_situation, contract_kind, rights, licences,"
            " vehicle, languages) VALUES (?, ?, '2025-06-02', 0, 'c1', 'NV4', ?, 'aucun', '',"
            " '', 0, '')",
            {"sr" + std::to_string(++k), id, p.work});
      }
      ExitInput in{"2026-09-30",
                   "fin_parcours",
                   p.situation,
                   p.situation[2] == 'd' ? "8" : "",
                   "600",
                   "Employeur",
                   "",
                   "",
                   ""};
      in.fse = p.fse;
      REQUIRE(outcomes.record_exit(f.c1, id, in).ok());
    }
    auto screen = outcomes.fse_report(f.coord, {}, false);
    auto find = [&](const FseReport& r, const std::string& code) {
      for (const auto& i : r.indicators) {
        if (i.code == code) return i;
      }
      return FseIndicator{};
    };
    CHECK(find(screen, "EECO02").women == 2);
    CHECK(find(screen, "EECO02").men == 0);
    CHECK(find(screen, "EECO01").total() == 2);  // Colin has no status: not counted, flagged
    CHECK(screen.status_mistakes == 1);
    CHECK(find(screen, "EECO07").total() == 3);  // 25 at entry
    CHECK(find(screen, "EECO10").total() == 2);
    CHECK(find(screen, "EECR04").total() == 2);  // Arnaud (CDI) and Colin (CDD)
    CHECK(find(screen, "EECR04").men == 1);
    CHECK(find(screen, "EECR01").women == 1);
    CHECK_FALSE(find(screen, "EECO13").collected);
    CHECK(screen.participants.empty());  // aggregates only

    auto detail = outcomes.fse_report(f.coord, {}, true);
    CHECK(detail.participants.size() == 3);
    std::string path = "/tmp/outcomes-fse-test-" + std::string(store::engine_name(e)) + ".xlsx";
    std::ofstream(path, std::ios::binary) << fse_workbook(detail, true);
    referentials::XlsxWorkbook wb(path);
    REQUIRE(wb.sheets().size() == 2);
    wb.open_sheet(0);
    std::vector<std::string> cells;
    int64_t row = 0;
    int checked = 0;
    while (wb.next_row(cells, row)) {
      if (cells.size() < 7 || cells[0].rfind("EEC", 0) != 0) continue;
      auto on_screen = find(screen, cells[0]);
      if (!on_screen.collected) continue;
      CAPTURE(cells[0]);
      CHECK(std::stoll(cells[3]) == on_screen.women);
      CHECK(std::stoll(cells[4]) == on_screen.men);
      CHECK(std::stoll(cells[6]) == on_screen.total());
      ++checked;
    }
    CHECK(checked == 18);
    wb.open_sheet(1);
    int participants = -1;  // the header
    while (wb.next_row(cells, row)) {
      if (!cells.empty() && cells[0] != "Total") ++participants;
    }
    CHECK(participants == 3);
    std::remove(path.c_str());
    // The funder's workbook: the indicators only.
    std::ofstream(path, std::ios::binary) << fse_workbook(screen, false);
    CHECK(referentials::XlsxWorkbook(path).sheets().size() == 1);
    std::remove(path.c_str());
  }
}
