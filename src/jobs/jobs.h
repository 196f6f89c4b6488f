// Durable jobs: work that happens later or regularly (e-mail sending, reminders, to-do refresh,
// digests). A job is a row of the `jobs` table (migration 0050) scheduled in the caller's
// transaction; a Runner inside `jalon serve` claims due jobs with a lease, runs them, retries
// with exponential back-off and, after max_attempts, leaves them "failed" with their error.
// An idempotency key makes scheduling the same thing twice schedule it once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::jobs {

struct JobSpec {
  std::string kind;
  std::string payload = "{}";  // the handler's input (JSON or a plain id)
  std::string key;             // idempotency key; empty: none
  Millis run_at = 0;           // 0: now
  std::string structure_id;    // empty: platform job
  int max_attempts = 5;
};

// Schedules a job in the caller's transaction. Returns the job's id, or the id of the job
// already holding the key (which is then left as it is).
std::string schedule(store::Tx& tx, Random& rng, const Clock& clock, const JobSpec& spec);

struct Job {
  std::string id, kind, key, structure_id, payload, status;
  int64_t attempts = 0, max_attempts = 0;
  Millis run_at = 0, created_at = 0;
  std::optional<Millis> lease_until, started_at, finished_at;
  std::string last_error, lease_owner, result;
};

// The admin views: "recent" (finished, newest first), "failed", "upcoming" (pending and
// running, soonest first), or "all". structure_id empty: every structure (platform admin).
std::vector<Job> list(store::Tx& tx, std::string_view view, const std::string& structure_id,
                      int limit = 100);
std::optional<Job> find(store::Tx& tx, const std::string& id);

// A failed (or pending) job runs again now, with its attempts counted from zero. False when
// no such job (in the structure, when given) or it is running or done.
bool retry(store::Tx& tx, const Clock& clock, const std::string& id,
           const std::string& structure_id = {});

// Counts per status, and the oldest due pending job's age, for /metrics and the admin page.
struct Health {
  int64_t pending = 0, running = 0, failed = 0, done = 0;
  int64_t due = 0;            // pending and due now
  Millis oldest_due_ms = 0;   // how long the oldest due job has waited
  int64_t mail_waiting = 0;   // outbox messages not yet sent
  int64_t mail_retrying = 0;  // of which at least one attempt failed
  std::string mail_last_error;
};
// structure_id empty: the whole platform.
Health health(store::Tx& tx, Millis now, const std::string& structure_id = {});
// Prometheus text lines (jalon_jobs{status=…}, jalon_jobs_due_oldest_seconds, jalon_outbox_…).
std::string prometheus(const Health& h);

// The delay before attempt n+1 after n failed attempts: base·2^(n−1), capped.
Millis backoff(int64_t attempts, Millis base_ms, Millis cap_ms);

}  // namespace jalon::jobs
