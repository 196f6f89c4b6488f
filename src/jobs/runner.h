// The job runner: claims due jobs with a lease, runs their handler, records the outcome.
// PostgreSQL: the claim selects `FOR UPDATE SKIP LOCKED`, so N runners on one database take
// disjoint jobs; SQLite: the claim is a write transaction on the single writer. A job whose
// lease expired (its runner died) is claimed again by any runner. A handler that throws is
// retried with exponential back-off, then left "failed" with its error; it never stops the
// runner. On stop (SIGTERM) the running job finishes (or throws Released to give its lease
// back) and the claimed jobs not yet started are released.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jobs/jobs.h"

namespace jalon::jobs {

// Thrown by a handler that stops early (the server is stopping): the job goes back to pending,
// the attempt not counted.
struct Released : std::runtime_error {
  Released() : std::runtime_error("released") {}
};

class Runner;
// What a handler gets besides the job: the runner's stop flag (long handlers poll it).
struct Context {
  const Job& job;
  const Runner& runner;
};
// Runs the job; the text returned is kept as its result. Throw to fail the attempt.
using Handler = std::function<std::string(const Context&)>;

// A job declared in code that runs regularly: every `every_minutes` (60: hourly, 1440: daily)
// at `at_minute` past the hour (hourly) or of the day (daily: hour·60 + minute), in the
// structure's time zone. per_structure: one job per structure (payload = structure id);
// else one platform job in Europe/Paris.
struct Recurring {
  std::string kind;
  int every_minutes = 60;
  int at_minute = 0;
  bool per_structure = true;
};
// The next occurrence strictly after `after` in a zone.
Millis next_occurrence(const Recurring& r, Millis after, std::string_view zone);

class Runner {
 public:
  struct Options {
    std::string owner;             // empty: host:pid:random
    Millis lease_ms = 5 * 60'000;  // a job running longer is taken over by another runner
    Millis poll_ms = 200;          // how often an idle runner looks for due jobs
    int batch = 8;                 // jobs claimed per transaction
    Millis backoff_base_ms = 30'000;
    Millis backoff_cap_ms = 3'600'000;
  };
  Runner(store::Database& db, const Clock& clock, Random& rng, Options options);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  void add(const std::string& kind, Handler handler);
  void add_recurring(Recurring r, Handler handler);

  void start();
  void stop();
  bool stopping() const { return stopping_.load(); }
  const std::string& owner() const { return options_.owner; }
  // Wakes an idle runner (a job was just scheduled in this process).
  void wake();

  // Schedules the next occurrence of every recurring job (idempotent).
  void ensure_recurring();
  // Runs every job due now, claimed batch after batch, until none is left; returns how many
  // ran (whatever their outcome). Jobs retried later by back-off are not run again.
  int run_due();
  // Claims up to n due jobs (or jobs whose lease expired) for this runner.
  std::vector<Job> claim(int n);
  void run(const Job& job);
  // Gives a claimed job back (pending, attempt not counted).
  void release(const Job& job);

  int64_t completed() const { return completed_.load(); }
  int64_t failed_attempts() const { return failed_.load(); }

 private:
  void loop();
  void finish(const Job& job, const std::string& result);
  void fail(const Job& job, const std::string& error);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  Options options_;
  std::map<std::string, Handler> handlers_;
  std::vector<Recurring> recurring_;
  std::string kinds_sql_;  // "?, ?, …" for the claim's IN list
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  bool woken_ = false;
  std::atomic<int64_t> completed_{0}, failed_{0};
  Millis last_ensure_ = 0;
};

}  // namespace jalon::jobs
