// Time to compute the territory diagnosis (issue 7, "Bench"): the indicators and figures of a
// bassin d'emploi (Voiron), a département (Isère) and France (every commune), on a store holding
// the shipped referentials, the demo structure and its caseload. The baseline, measured in the
// same run on the same store, is one full scan of the BMO table (SELECT SUM over bmo_projects):
// the ratio says how many such scans one dashboard costs.
//
//   bench_territorial DATA_DIR [--database postgresql://…] [--iterations N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/random.h"
#include "demo/demo.h"
#include "referentials/datasets.h"
#include "referentials/territory.h"
#include "store/database.h"
#include "store/migrations.h"
#include "territorial/figures.h"
#include "territorial/indicators.h"

namespace {

using namespace jalon;
using Steady = std::chrono::steady_clock;

double ms_since(Steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

struct Stats {
  double p50 = 0, p99 = 0, mean = 0;
};

template <class F>
Stats timed(int n, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t0 = Steady::now();
    f();
    ms.push_back(ms_since(t0));
  }
  std::sort(ms.begin(), ms.end());
  Stats s;
  s.p50 = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  for (double v : ms) s.mean += v / ms.size();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR [--database URL] [--iterations N]\n", argv[0]);
    return 2;
  }
  std::string data = argv[1], url;
  int iterations = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--database") url = argv[i + 1];
    if (flag == "--iterations") iterations = std::max(1, std::atoi(argv[i + 1]));
  }
  log::set_quiet(true);
  std::string dir = (std::filesystem::temp_directory_path() / "jalon-bench-XXXXXX").string();
  if (!mkdtemp(dir.data())) return 1;
  auto db = store::open_database({.data_dir = dir, .database_url = url});
  SystemClock clock;
  SystemRandom rng;
  if (!store::migrate(*db, assets::AssetSource(), dir + "/backups", clock).ok()) return 1;
  std::printf("engine %s\n", std::string(store::engine_name(db->engine())).c_str());
  for (const auto& d : referentials::datasets()) {
    std::string name(d.name);
    if (name != "communes" && name != "centroides" && name != "bassins-emploi" && name != "rome" &&
        name != "bmo" && name != "tension") {
      continue;
    }
    auto r = d.import(*db, (std::filesystem::path(data) / d.shipped).string(), {});
    if (!r.ok()) {
      std::fprintf(stderr, "import %s: %s\n", name.c_str(), r.error().message.c_str());
      return 1;
    }
  }
  auto demo = demo::generate(*db, clock, rng, dir, 300, 42);
  if (!demo.ok()) {
    std::fprintf(stderr, "demo: %s\n", demo.error().message.c_str());
    return 1;
  }
  std::string structure = demo->structure_id;
  referentials::TerritoryService territories(*db, clock, rng);
  struct Case {
    std::string label;
    referentials::TerritoryDraft draft;
  };
  std::vector<std::string> all;
  {
    auto tx = db->read();
    for (const auto& r : tx.query("SELECT code FROM communes WHERE kind = 'commune-actuelle'")) {
      all.push_back(r.text(0));
    }
    tx.commit();
  }
  std::vector<Case> cases = {
      {"bassin Voiron (8413)",
       {"Bassin de Voiron", referentials::TerritoryKind::kEmploymentBasin, "8413", {}}},
      {"département Isère (38)", {"Isère", referentials::TerritoryKind::kDepartement, "38", {}}},
      {"France (toutes les communes)", {"France", referentials::TerritoryKind::kCustom, "", all}},
  };
  auto baseline = timed(iterations, [&] {
    auto tx = db->read();
    tx.query_one("SELECT SUM(projects), SUM(difficult), SUM(seasonal) FROM bmo_projects");
    tx.commit();
  });
  std::printf("baseline full BMO scan: p50 %.2f ms p99 %.2f ms\n", baseline.p50, baseline.p99);
  territorial::IndicatorService indicators(*db);  // its cache as the app keeps it
  for (const auto& c : cases) {
    auto t = territories.create(structure, c.draft);
    if (!t.ok()) {
      std::fprintf(stderr, "%s: %s\n", c.label.c_str(), t.error().message.c_str());
      return 1;
    }
    int64_t people = 0;
    auto s = timed(iterations, [&] {
      auto in = indicators.compute(structure, t->id);
      people = in->caseload;
      auto figs = territorial::figures(*in);
      (void)figs;
    });
    std::printf(
        "dashboard %-30s communes %6zu caseload %4lld: p50 %8.1f ms p99 %8.1f ms "
        "(x%.1f the BMO scan)\n",
        c.label.c_str(), t->commune_codes.size(), static_cast<long long>(people), s.p50, s.p99,
        s.p50 / std::max(baseline.p50, 0.001));
  }
  db.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
