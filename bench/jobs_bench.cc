// Jobs bench (issue 15): how long a due job waits before it runs (p50/p99 over N jobs falling
// due one after the other while the runner thread runs, as in `jalon serve`), and how many jobs
// per second one runner completes: empty jobs (the baseline: claim + finish only) beside jobs
// that each queue one e-mail in a write transaction (a reminder's work), measured in the same run.
// Usage: bench_jobs DIR [--database URL] [--jobs N] [--poll-ms P] [--every-ms E]
// (jobs fall due one every E ms, 20 by default: below the runner's throughput, so the wait
// measured is the runner's latency, not a queue building up).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "jobs/jobs.h"
#include "jobs/runner.h"
#include "outbox/outbox.h"
#include "store/database.h"
#include "store/migrations.h"

using namespace jalon;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void schedule_many(store::Database& db, Random& rng, const Clock& clock, const std::string& kind,
                   int n, Millis first, Millis step) {
  auto tx = db.write();
  for (int i = 0; i < n; ++i) {
    jobs::schedule(tx, rng, clock, {.kind = kind, .run_at = first + i * step});
  }
  tx.commit();
}

double throughput(store::Database& db, Random& rng, const Clock& clock, const std::string& kind,
                  int n) {
  schedule_many(db, rng, clock, kind, n, clock.now_ms() - 1, 0);
  jobs::Runner runner(db, clock, rng, {.owner = "bench", .batch = 8});
  runner.add("empty", [](const jobs::Context&) { return std::string(); });
  runner.add("mail", [&db, &rng, &clock](const jobs::Context&) {
    auto tx = db.write();
    outbox::enqueue(tx, rng, clock, {"", "alix@example.org", "Rappel", "Bonjour"});
    tx.commit();
    return std::string("queued");
  });
  auto t0 = std::chrono::steady_clock::now();
  int ran = runner.run_due();
  double s = seconds_since(t0);
  if (ran != n) std::fprintf(stderr, "ran %d of %d\n", ran, n);
  return n / s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_jobs DIR [--database URL] [--jobs N] [--poll-ms P]\n");
    return 2;
  }
  std::string dir = argv[1], url;
  int n = 1000;
  Millis poll = 200, every = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--database") url = argv[i + 1];
    if (a == "--jobs") n = std::atoi(argv[i + 1]);
    if (a == "--poll-ms") poll = std::atoll(argv[i + 1]);
    if (a == "--every-ms") every = std::atoll(argv[i + 1]);
  }
  SystemClock clock;
  SystemRandom rng;
  auto db = store::open_database({.data_dir = dir, .database_url = url});
  assets::AssetSource assets("");
  if (!store::migrate(*db, assets, dir + "/backups", clock).ok()) return 1;

  // Throughput: the baseline (empty jobs) and jobs writing one e-mail each.
  double empty = throughput(*db, rng, clock, "empty", n);
  double mail = throughput(*db, rng, clock, "mail", n);

  // Wait: n jobs falling due one every `every` ms while the runner thread polls as in `jalon
  // serve`.
  {
    auto tx = db->write();
    tx.exec("DELETE FROM jobs");
    tx.commit();
  }
  jobs::Runner runner(*db, clock, rng, {.owner = "bench", .poll_ms = poll});
  runner.add("empty", [](const jobs::Context&) { return std::string(); });
  Millis first = clock.now_ms() + 500;
  schedule_many(*db, rng, clock, "empty", n, first, every);
  runner.start();
  while (true) {
    auto tx = db->read();
    auto r = tx.query_one("SELECT COUNT(*) FROM jobs WHERE status = 'done'");
    tx.commit();
    if (r->i64(0) >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  runner.stop();
  std::vector<Millis> waits;
  {
    auto tx = db->read();
    for (const auto& r : tx.query("SELECT started_at - run_at FROM jobs WHERE status = 'done'")) {
      waits.push_back(r.i64(0));
    }
    tx.commit();
  }
  std::sort(waits.begin(), waits.end());
  auto pct = [&](double p) { return waits[std::min(waits.size() - 1, size_t(p * waits.size()))]; };
  std::printf("engine %s, %d jobs due one every %lld ms, runner polling every %lld ms\n",
              std::string(store::engine_name(db->engine())).c_str(), n,
              static_cast<long long>(every), static_cast<long long>(poll));
  std::printf("wait before run: p50 %lld ms, p99 %lld ms, max %lld ms\n",
              static_cast<long long>(pct(0.50)), static_cast<long long>(pct(0.99)),
              static_cast<long long>(waits.back()));
  std::printf(
      "throughput, one runner: empty jobs (baseline) %.0f jobs/s; jobs queueing one e-mail "
      "%.0f jobs/s (%.2f× the baseline)\n",
      empty, mail, mail / empty);
  return 0;
}
