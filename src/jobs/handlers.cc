#include "jobs/handlers.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "jobs/reminders.h"
#include "outcomes/web.h"
#include "workshops/jobs.h"

namespace jalon::jobs {
namespace {

void register_test_kinds(Runner& runner) {
  runner.add("test.noop", [](const Context& c) { return c.runner.owner(); });
  runner.add("test.fail", [](const Context&) -> std::string {
    throw std::runtime_error("échec voulu par le test");
  });
  runner.add("test.sleep", [](const Context& c) {
    auto until = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(std::atoll(c.job.payload.c_str()));
    while (std::chrono::steady_clock::now() < until) {
      if (c.runner.stopping()) throw Released();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return c.runner.owner();
  });
}

}  // namespace

void register_handlers(Runner& runner, store::Database& db, const Clock& clock, Random& rng,
                       const std::string& base_url, bool test_kinds) {
  register_reminders(runner, db, clock, rng, base_url);
  outcomes::register_jobs(runner, db, clock, rng);
  workshops::register_jobs(runner, db, clock, rng);
  if (test_kinds) register_test_kinds(runner);
}

}  // namespace jalon::jobs
