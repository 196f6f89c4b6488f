#include "jobs/runner.h"

#include <unistd.h>

#include <chrono>

#include "core/dates.h"
#include "core/log.h"

namespace jalon::jobs {
namespace {

std::string default_owner(Random& rng) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + new_id(rng).substr(0, 6);
}

}  // namespace

Millis next_occurrence(const Recurring& r, Millis after, std::string_view zone) {
  dates::Date day = dates::local_date(after, zone);
  // Walk the candidate slots of the day before `after` onwards (at most two days of them).
  for (int d = -1; d <= 2; ++d) {
    dates::Date date{day.days + d};
    for (int m = r.at_minute % r.every_minutes; m < 24 * 60; m += r.every_minutes) {
      char hhmm[16];
      std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", m / 60, m % 60);
      auto t = dates::from_local(date, hhmm, zone);
      if (t && *t > after) return *t;  // a slot skipped by summer time is passed over
    }
  }
  return after + static_cast<Millis>(r.every_minutes) * 60'000;
}

Runner::Runner(store::Database& db, const Clock& clock, Random& rng, Options options)
    : db_(db), clock_(clock), rng_(rng), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = default_owner(rng_);
}

Runner::~Runner() {
  stop();
}

void Runner::add(const std::string& kind, Handler handler) {
  handlers_[kind] = std::move(handler);
  kinds_sql_.clear();
  for (size_t i = 0; i < handlers_.size(); ++i) kinds_sql_ += i ? ", ?" : "?";
}

void Runner::add_recurring(Recurring r, Handler handler) {
  add(r.kind, std::move(handler));
  recurring_.push_back(std::move(r));
}

void Runner::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Runner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Runner::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Runner::loop() {
  while (!stopping_) {
    std::vector<Job> batch;
    try {
      if (clock_.now_ms() - last_ensure_ >= 60'000) ensure_recurring();
      batch = claim(options_.batch);
    } catch (const std::exception& e) {
      log::error("jobs_claim_failed", {{"what", e.what()}});
    }
    for (const auto& job : batch) {
      if (stopping_) {
        release(job);
      } else {
        run(job);
      }
    }
    if (!batch.empty()) continue;
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                 [this] { return stopping_.load() || woken_; });
    woken_ = false;
  }
}

void Runner::ensure_recurring() {
  last_ensure_ = clock_.now_ms();
  if (recurring_.empty()) return;
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  auto structures = tx.query("SELECT id, time_zone FROM structures ORDER BY id");
  for (const auto& r : recurring_) {
    auto one = [&](const std::string& sid, const std::string& zone) {
      Millis at = next_occurrence(r, now, zone);
      schedule(tx, rng_, clock_,
               {.kind = r.kind,
                .payload = sid,
                .key = r.kind + ":" + sid + ":" + dates::rfc3339_utc(at),
                .run_at = at,
                .structure_id = sid,
                .max_attempts = 3});
    };
    if (!r.per_structure) {
      one("", std::string(dates::kDefaultZone));
      continue;
    }
    for (const auto& s : structures) one(s.text(0), s.text(1));
  }
  tx.commit();
}

std::vector<Job> Runner::claim(int n) {
  if (handlers_.empty()) return {};
  Millis now = clock_.now_ms();
  store::Params params;
  for (const auto& [kind, h] : handlers_) params.push_back(kind);
  params.push_back(now);
  params.push_back(now);
  std::string due =
      "FROM jobs WHERE kind IN (" + kinds_sql_ +
      ") AND ((status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_until < ?))";
  {
    // An idle runner looks on a reader first: it takes the (single, on SQLite) writer only
    // when there is something to claim.
    auto rtx = db_.read();
    bool any = rtx.query_one("SELECT 1 " + due + " LIMIT 1", params).has_value();
    rtx.commit();
    if (!any) return {};
  }
  params.push_back(n);
  auto tx = db_.write();
  std::string sql = "SELECT id " + due + " ORDER BY run_at, id LIMIT ?";
  // Another runner's claimed rows are skipped, not waited for.
  if (tx.engine() == store::Engine::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
  std::vector<Job> out;
  for (const auto& row : tx.query(sql, params)) {
    const std::string& id = row.text(0);
    tx.exec(
        "UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, "
        "attempts = attempts + 1, started_at = ? WHERE id = ?",
        {options_.owner, now + options_.lease_ms, now, id});
    if (auto job = find(tx, id)) out.push_back(std::move(*job));
  }
  tx.commit();
  return out;
}

void Runner::run(const Job& job) {
  auto it = handlers_.find(job.kind);
  try {
    if (it == handlers_.end()) throw std::runtime_error("no handler for " + job.kind);
    if (job.attempts > job.max_attempts) {
      throw std::runtime_error("lease expired after the last attempt (runner stopped?)");
    }
    std::string result = it->second(Context{job, *this});
    finish(job, result);
  } catch (const Released&) {
    release(job);
  } catch (const std::exception& e) {
    fail(job, e.what());
  }
}

void Runner::finish(const Job& job, const std::string& result) {
  auto tx = db_.write();
  // Guarded by the lease: a runner whose lease was taken over records nothing.
  int64_t n = tx.exec(
      "UPDATE jobs SET status = 'done', result = ?, finished_at = ?, lease_until = NULL, "
      "last_error = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'",
      {result, clock_.now_ms(), job.id, options_.owner});
  tx.commit();
  if (n == 1) ++completed_;
}

void Runner::fail(const Job& job, const std::string& error) {
  ++failed_;
  Millis now = clock_.now_ms();
  bool last = job.attempts >= job.max_attempts;
  auto tx = db_.write();
  if (last) {
    tx.exec(
        "UPDATE jobs SET status = 'failed', last_error = ?, finished_at = ?, lease_until = NULL "
        "WHERE id = ? AND lease_owner = ? AND status = 'running'",
        {error, now, job.id, options_.owner});
  } else {
    Millis at = now + backoff(job.attempts, options_.backoff_base_ms, options_.backoff_cap_ms);
    tx.exec(
        "UPDATE jobs SET status = 'pending', last_error = ?, run_at = ?, lease_owner = NULL, "
        "lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'",
        {error, at, job.id, options_.owner});
  }
  tx.commit();
  log::warn(last ? "job_failed" : "job_retry",
            {{"job", job.id}, {"kind", job.kind}, {"attempts", std::to_string(job.attempts)}});
}

void Runner::release(const Job& job) {
  auto tx = db_.write();
  tx.exec(
      "UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL, "
      "attempts = attempts - 1 WHERE id = ? AND lease_owner = ? AND status = 'running'",
      {job.id, options_.owner});
  tx.commit();
}

int Runner::run_due() {
  ensure_recurring();
  int ran = 0;
  while (true) {
    auto batch = claim(options_.batch);
    if (batch.empty()) break;
    for (const auto& job : batch) {
      run(job);
      ++ran;
    }
  }
  return ran;
}

}  // namespace jalon::jobs
