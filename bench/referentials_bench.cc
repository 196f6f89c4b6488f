// The referential importers and ROME search, timed on the full shipped files. For each data set:
// a first import into an empty store and a second one that changes nothing; then ROME search
// latency over a fixed list of queries. bench/referentials_bench.sh runs it beside sqlite3's own
// CSV import of the same files and prints the ratios.
//
//   bench_referentials DATA_DIR [--database postgresql://…] [--bmo-csv FILE] [--iterations N]
//                      [--only rome,rome-2024]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/clock.h"
#include "core/log.h"
#include "referentials/bmo.h"
#include "referentials/datasets.h"
#include "referentials/rome_search.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using namespace jalon;
using Steady = std::chrono::steady_clock;

double ms_since(Steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

int import_twice(const std::string& name, const std::string& path,
                 const std::function<Result<referentials::ImportSummary>()>& run) {
  auto t0 = Steady::now();
  auto first = run();
  double first_ms = ms_since(t0);
  if (!first.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), first.error().message.c_str());
    return 1;
  }
  t0 = Steady::now();
  auto second = run();
  double second_ms = ms_since(t0);
  if (!second.ok() || second->changed()) {
    std::fprintf(stderr, "%s: the second import changed the store\n", name.c_str());
    return 1;
  }
  std::printf("import %s rows=%lld first_ms=%.1f again_ms=%.1f path=%s\n", name.c_str(),
              static_cast<long long>(first->rows_read), first_ms, second_ms, path.c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR [--database URL] [--bmo-csv FILE] [--iterations N]\n",
                 argv[0]);
    return 2;
  }
  std::string data = argv[1], url, bmo_csv, only;
  int iterations = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--database") url = argv[i + 1];
    if (flag == "--bmo-csv") bmo_csv = argv[i + 1];
    if (flag == "--iterations") iterations = std::atoi(argv[i + 1]);
    if (flag == "--only") only = "," + std::string(argv[i + 1]) + ",";
  }
  log::set_quiet(true);
  std::string dir = (std::filesystem::temp_directory_path() / "jalon-bench-XXXXXX").string();
  if (!mkdtemp(dir.data())) return 1;
  auto db = store::open_database({.data_dir = dir, .database_url = url});
  SystemClock clock;
  if (!store::migrate(*db, assets::AssetSource(), dir + "/backups", clock).ok()) return 1;
  std::printf("engine %s\n", std::string(store::engine_name(db->engine())).c_str());

  for (const auto& d : referentials::datasets()) {
    if (!only.empty() && only.find("," + std::string(d.name) + ",") == std::string::npos) continue;
    std::string path = (std::filesystem::path(data) / d.shipped).string();
    if (import_twice(std::string(d.name), path, [&] { return d.import(*db, path, {}); })) {
      return 1;
    }
    // BMO also from the CSV France Travail's workbook converts to (a vintage of its own would
    // be the same rows: import it into a second store so the numbers compare).
    if (d.name == "bmo" && !bmo_csv.empty()) {
      std::string csv_dir = dir + "-csv";
      std::filesystem::create_directories(csv_dir);
      std::unique_ptr<store::Database> other;
      if (url.empty()) {
        other = store::open_database({.data_dir = csv_dir});
        if (!store::migrate(*other, assets::AssetSource(), csv_dir + "/backups", clock).ok())
          return 1;
        if (import_twice("bmo-csv", bmo_csv,
                         [&] { return referentials::import_bmo(*other, bmo_csv); })) {
          return 1;
        }
        other.reset();
      }
      std::filesystem::remove_all(csv_dir);
    }
  }

  // ROME search: what counselors type, with typos, feminine forms and common words.
  const std::vector<std::string> queries = {"aide soignante",
                                            "developpeur",
                                            "auxilliaire de vie",
                                            "boulanger",
                                            "maçon",
                                            "infirmière",
                                            "cariste",
                                            "plombier",
                                            "agent",
                                            "assistante maternelle",
                                            "chauffeur poids lourd",
                                            "serveuse",
                                            "comptable",
                                            "boulenger",
                                            "electricien batiment",
                                            "vendeuse en boulangerie",
                                            "mecanicien automobile",
                                            "secretaire",
                                            "cuisinier",
                                            "technicien"};
  for (const auto& q : queries) referentials::search_rome(*db, q);  // warm caches
  std::vector<double> us;
  for (int i = 0; i < iterations; ++i) {
    for (const auto& q : queries) {
      auto t0 = Steady::now();
      auto r = referentials::search_rome(*db, q);
      us.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
      if (r.empty()) return 1;
    }
  }
  // Per query (median), to see which kinds of query cost most.
  for (std::size_t k = 0; k < queries.size(); ++k) {
    std::vector<double> mine;
    for (std::size_t i = k; i < us.size(); i += queries.size()) mine.push_back(us[i]);
    std::sort(mine.begin(), mine.end());
    std::printf("query \"%s\" p50_us=%.0f\n", queries[k].c_str(), mine[mine.size() / 2]);
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[static_cast<std::size_t>(p * (us.size() - 1))]; };
  std::printf("search queries=%zu p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f\n", us.size(),
              pct(0.5), pct(0.9), pct(0.99), us.back());
  db.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
