// Outcomes bench (issue 18): the rates of the statistics page over N exits (with their 6- and
// 24-month follow-ups) on SQLite, best of 5, whole structure and by year; the XLSX export of
// the per-person rows; and a CSV of the same rows for the DuckDB baseline
// (bench/outcomes_duckdb.mjs runs the same aggregation over it in the same run).
// Usage: bench_outcomes DIR [--exits N] [--csv FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "access/audit.h"
#include "access/keys.h"
#include "beneficiaries/service.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "outcomes/service.h"
#include "outcomes/web.h"
#include "store/database.h"
#include "store/migrations.h"

using namespace jalon;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

const char* kSituations[] = {"cdi",
                             "cdd",
                             "interim",
                             "autre_siae",
                             "formation_qualifiante",
                             "recherche_emploi",
                             "inactivite",
                             "contrat_aide",
                             "alternance"};

void fill(store::Database& db, int n, std::ofstream* csv) {
  auto tx = db.write();
  tx.exec(
      "INSERT INTO structures (id, name, kind, created_at) VALUES ('s', 'ACI bench', 'aci', 0)");
  tx.exec(
      "INSERT INTO users (id, structure_id, email, display_name, role, created_at) VALUES"
      " ('u', 's', 'u@bench.example', 'Conseil', 'coordinator', 0)");
  if (csv)
    *csv << "id,exit_on,scheme,examined,category,days,situation,contract_months,"
            "f6_status,f6_situation,f6_months,f6_target,f24_status,f24_situation,f24_target\n";
  for (int i = 0; i < n; ++i) {
    std::string b = "b" + std::to_string(i), e = "e" + std::to_string(i);
    int y = 2023 + i % 3, m = 1 + i % 12;
    char exit_on[11], entry_on[11];
    std::snprintf(exit_on, sizeof exit_on, "%04d-%02d-15", y, m);
    std::snprintf(entry_on, sizeof entry_on, "%04d-%02d-01", y - 1, m);
    const char* sit = kSituations[i % 9];
    int months = (i % 9 == 1 || i % 9 == 2) ? 1 + i % 12 : 0;
    std::string cat(outcomes::category_of(sit, months ? std::optional<int>(months) : std::nullopt));
    int examined = i % 7 != 0;
    tx.exec(
        "INSERT INTO beneficiaries (id, structure_id, civility, first_name, last_name, birth_date,"
        " birth_year, prescriber_kind, entry_date, scheme, status, notice_version,"
        " notice_given_on, name_key, search_key, created_at, created_by, updated_at) VALUES"
        " (?, 's', 'mme', 'Alix', ?, '1990-01-01', 1990, 'caf', ?, 'iae', 'sorti', '1', ?, ?, ?,"
        " 0, 'u', 0)",
        {b, "Nom" + std::to_string(i), entry_on, entry_on, "nom", "nom"});
    tx.exec(
        "INSERT INTO exits (id, structure_id, beneficiary_id, entry_on, exit_on, reason, situation,"
        " contract_months, category, examined, scheme, referent_id, days, created_at, created_by)"
        " VALUES (?, 's', ?, ?, ?, 'fin_parcours', ?, ?, ?, ?, 'iae', 'u', 380, 0, 'u')",
        {e, b, entry_on, exit_on, sit, months ? store::Value(months) : store::Value(), cat,
         examined});
    const char* f6s = i % 5 == 0 ? "injoignable" : i % 5 == 1 ? "a_faire" : "renseigne";
    const char* f6sit = kSituations[(i + 3) % 9];
    int f6m = (i % 4) * 3;
    tx.exec(
        "INSERT INTO exit_followups (id, exit_id, structure_id, beneficiary_id, moment, due_on,"
        " status, situation, contract_months, in_target_job) VALUES (?, ?, 's', ?, 'm6', ?, ?, ?,"
        " ?, ?)",
        {"f6" + e, e, b, exit_on, f6s, f6sit, f6m ? store::Value(f6m) : store::Value(), i % 2});
    const char* f24s = i % 3 == 0 ? "renseigne" : "a_faire";
    const char* f24sit = kSituations[(i + 5) % 9];
    tx.exec(
        "INSERT INTO exit_followups (id, exit_id, structure_id, beneficiary_id, moment, due_on,"
        " status, situation, in_target_job) VALUES (?, ?, 's', ?, 'm24', ?, ?, ?, ?)",
        {"f24" + e, e, b, exit_on, f24s, f24sit, i % 3 == 0 ? 1 : 0});
    if (csv) {
      *csv << e << ',' << exit_on << ",iae," << examined << ',' << cat << ",380," << sit << ','
           << (months ? std::to_string(months) : "") << ',' << f6s << ',' << f6sit << ','
           << (f6m ? std::to_string(f6m) : "") << ',' << i % 2 << ',' << f24s << ',' << f24sit
           << ',' << (i % 3 == 0 ? 1 : 0) << '\n';
    }
  }
  tx.commit();
}

// The figures both engines compute, in the order outcomes_duckdb.mjs prints them.
std::string figures(const outcomes::StatsRow& r) {
  std::string out;
  for (int64_t v : {r.exits,
                    r.examined,
                    r.durable,
                    r.transition,
                    r.positive,
                    r.other,
                    r.unknown,
                    r.days_total,
                    r.rncp6.respondents,
                    r.rncp6.neutralised,
                    r.rncp6.global.numerator,
                    r.rncp6.target_job.numerator,
                    r.unreachable6,
                    r.to_do6,
                    r.rncp24.respondents,
                    r.rncp24.neutralised,
                    r.rncp24.global.numerator,
                    r.rncp24.target_job.numerator,
                    r.unreachable24,
                    r.to_do24,
                    r.access6.numerator,
                    r.durable6.numerator}) {
    out += (out.empty() ? "" : ",") + std::to_string(v);
  }
  return out;
}

// Best of 5 of the statistics: cold (the outcome generation bumped before each, so the cache
// misses and the aggregation runs) or warm (served from the cache).
double best_of(store::Database& db, outcomes::OutcomeService& svc, const access::Session& s,
               const std::string& by, bool cold, outcomes::Stats* last) {
  double best = 1e18;
  for (int k = 0; k < 5; ++k) {
    if (cold) {
      auto tx = db.write();
      outcomes::exits_changed(tx, s.structure_id, {});
      tx.commit();
    }
    outcomes::StatsQuery q;
    q.by = by;
    auto t = std::chrono::steady_clock::now();
    *last = svc.statistics(s, q);
    best = std::min(best, ms_since(t));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_outcomes DIR [--exits N] [--csv FILE] [--database URL]\n");
    return 2;
  }
  std::string dir = argv[1], csv_path, url;
  int n = 100000;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--exits") n = std::atoi(argv[i + 1]);
    if (a == "--csv") csv_path = argv[i + 1];
    if (a == "--database") url = argv[i + 1];
  }
  SystemClock clock;
  SystemRandom rng;
  auto db = store::open_database({.data_dir = dir, .database_url = url});
  assets::AssetSource assets("");
  if (!store::migrate(*db, assets, dir + "/backups", clock).ok()) return 1;
  std::ofstream csv;
  if (!csv_path.empty()) csv.open(csv_path);
  auto t0 = std::chrono::steady_clock::now();
  fill(*db, n, csv_path.empty() ? nullptr : &csv);
  csv.close();
  std::printf("filled %d exits in %.0f ms\n", n, ms_since(t0));
  t0 = std::chrono::steady_clock::now();
  {
    auto tx = db->write();
    outcomes::refresh_profiles(tx, "s");
    tx.commit();
  }
  std::printf("profiles of %d exits computed in %.0f ms\n", n, ms_since(t0));
  access::Keys keys = access::Keys::from_bytes({1, 2, 3});
  access::AuditLog audit(*db, clock, keys);
  beneficiaries::BeneficiaryService people(*db, clock, rng, keys, audit);
  outcomes::OutcomeService svc(*db, clock, rng, audit, people);
  access::Session s;
  s.user_id = "u";
  s.structure_id = "s";
  s.role = access::Role::kCoordinator;
  outcomes::Stats st;
  for (const char* by : {"", "annee"}) {
    double cold = best_of(*db, svc, s, by, true, &st);
    double warm = best_of(*db, svc, s, by, false, &st);
    std::printf("rates%s over %lld exits: %.1f ms (best of 5, computed), %.2f ms (cached)\n",
                *by ? " by year" : "", static_cast<long long>(st.total.exits), cold, warm);
  }
  best_of(*db, svc, s, "", false, &st);
  std::printf("figures: %s\n", figures(st.total).c_str());
  outcomes::StatsQuery part;
  part.from = "2023-01-01";
  part.to = "2024-06-30";
  auto t = std::chrono::steady_clock::now();
  auto rows = svc.export_rows(s, part);
  double read_ms = ms_since(t);
  std::string x = outcomes::stats_workbook(svc.statistics(s, part), &rows.exits, &rows.followups);
  std::printf("xlsx export of %zu exits (%zu follow-ups): %.0f ms (%.0f ms reading), %zu bytes\n",
              rows.exits.size(), rows.followups.size(), ms_since(t), read_ms, x.size());
  audit.flush();
  return 0;
}
