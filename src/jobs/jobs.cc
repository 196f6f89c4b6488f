#include "jobs/jobs.h"

#include <algorithm>

#include "store/row_reader.h"

namespace jalon::jobs {
namespace {

constexpr const char* kColumns =
    "id, kind, idem_key, structure_id, payload, status, attempts, max_attempts, run_at, "
    "created_at, lease_until, started_at, finished_at, last_error, lease_owner, result";

std::optional<Millis> opt_ms(store::RowReader& r) {
  if (r.next_is_null()) {
    r.skip();
    return std::nullopt;
  }
  return r.i64();
}

Job read_job(const store::Row& row) {
  store::RowReader r(row);
  Job j;
  j.id = r.text();
  j.kind = r.text();
  j.key = r.text_or_empty();
  j.structure_id = r.text_or_empty();
  j.payload = r.text();
  j.status = r.text();
  j.attempts = r.i64();
  j.max_attempts = r.i64();
  j.run_at = r.i64();
  j.created_at = r.i64();
  j.lease_until = opt_ms(r);
  j.started_at = opt_ms(r);
  j.finished_at = opt_ms(r);
  j.last_error = r.text_or_empty();
  j.lease_owner = r.text_or_empty();
  j.result = r.text_or_empty();
  return j;
}

}  // namespace

std::string schedule(store::Tx& tx, Random& rng, const Clock& clock, const JobSpec& spec) {
  if (!spec.key.empty()) {
    if (auto r = tx.query_one("SELECT id FROM jobs WHERE idem_key = ?", {spec.key})) {
      return r->text(0);
    }
  }
  std::string id = new_id(rng);
  Millis now = clock.now_ms();
  // ON CONFLICT: a concurrent transaction holding the same key wins; ours adds nothing.
  int64_t n = tx.exec(
      "INSERT INTO jobs (id, kind, idem_key, structure_id, payload, status, run_at, "
      "max_attempts, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) "
      "ON CONFLICT (idem_key) DO NOTHING",
      {id, spec.kind, spec.key.empty() ? store::Value() : store::Value(spec.key),
       spec.structure_id.empty() ? store::Value() : store::Value(spec.structure_id), spec.payload,
       spec.run_at > 0 ? spec.run_at : now, std::max(1, spec.max_attempts), now});
  if (n == 0 && !spec.key.empty()) {
    if (auto r = tx.query_one("SELECT id FROM jobs WHERE idem_key = ?", {spec.key})) {
      return r->text(0);
    }
  }
  return id;
}

std::vector<Job> list(store::Tx& tx, std::string_view view, const std::string& structure_id,
                      int limit) {
  std::string where = "1 = 1";
  std::string order = "created_at DESC";
  if (view == "recent") {
    where = "status = 'done'";
    order = "finished_at DESC";
  } else if (view == "failed") {
    where = "status = 'failed'";
    order = "finished_at DESC";
  } else if (view == "upcoming") {
    where = "status IN ('pending', 'running')";
    order = "run_at";
  }
  store::Params params;
  if (!structure_id.empty()) {
    where += " AND structure_id = ?";
    params.push_back(structure_id);
  }
  params.push_back(limit);
  std::vector<Job> out;
  for (const auto& row : tx.query(std::string("SELECT ") + kColumns + " FROM jobs WHERE " + where +
                                      " ORDER BY " + order + ", id LIMIT ?",
                                  params)) {
    out.push_back(read_job(row));
  }
  return out;
}

std::optional<Job> find(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return read_job(*row);
}

bool retry(store::Tx& tx, const Clock& clock, const std::string& id,
           const std::string& structure_id) {
  std::string sql =
      "UPDATE jobs SET status = 'pending', attempts = 0, run_at = ?, lease_owner = NULL, "
      "lease_until = NULL, finished_at = NULL WHERE id = ? AND status IN ('failed', 'pending')";
  store::Params params{clock.now_ms(), id};
  if (!structure_id.empty()) {
    sql += " AND structure_id = ?";
    params.push_back(structure_id);
  }
  return tx.exec(sql, params) == 1;
}

Health health(store::Tx& tx, Millis now, const std::string& structure_id) {
  Health h;
  std::string scope = structure_id.empty() ? "" : " AND structure_id = ?";
  auto with = [&](store::Params p) {
    if (!structure_id.empty()) p.push_back(structure_id);
    return p;
  };
  for (const auto& row :
       tx.query("SELECT status, COUNT(*) FROM jobs WHERE 1 = 1" + scope + " GROUP BY status",
                with({}))) {
    int64_t n = row.i64(1);
    const std::string& s = row.text(0);
    if (s == "pending") h.pending = n;
    if (s == "running") h.running = n;
    if (s == "failed") h.failed = n;
    if (s == "done") h.done = n;
  }
  auto due = tx.query_one(
      "SELECT COUNT(*), MIN(run_at) FROM jobs WHERE status = 'pending' AND run_at <= ?" + scope,
      with({now}));
  if (due) {
    h.due = due->i64(0);
    if (!due->is_null(1)) h.oldest_due_ms = std::max<Millis>(0, now - due->i64(1));
  }
  auto mail = tx.query_one(
      "SELECT COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) FROM outbox "
      "WHERE status = 'pending'" +
          scope,
      with({}));
  if (mail) {
    h.mail_waiting = mail->i64(0);
    h.mail_retrying = mail->is_null(1) ? 0 : mail->i64(1);
  }
  if (h.mail_retrying > 0) {
    auto err = tx.query_one(
        "SELECT last_error FROM outbox WHERE status = 'pending' AND last_error IS NOT NULL" +
            scope + " ORDER BY created_at DESC LIMIT 1",
        with({}));
    if (err) h.mail_last_error = err->text(0);
  }
  return h;
}

std::string prometheus(const Health& h) {
  std::string out = "# HELP jalon_jobs Durable jobs by status.\n# TYPE jalon_jobs gauge\n";
  auto line = [&](const char* status, int64_t n) {
    out += "jalon_jobs{status=\"" + std::string(status) + "\"} " + std::to_string(n) + "\n";
  };
  line("pending", h.pending);
  line("running", h.running);
  line("failed", h.failed);
  line("done", h.done);
  out += "# HELP jalon_jobs_due Pending jobs whose time has come.\n# TYPE jalon_jobs_due gauge\n";
  out += "jalon_jobs_due " + std::to_string(h.due) + "\n";
  out +=
      "# HELP jalon_jobs_due_oldest_seconds Wait of the oldest due job.\n"
      "# TYPE jalon_jobs_due_oldest_seconds gauge\n";
  out += "jalon_jobs_due_oldest_seconds " + std::to_string(h.oldest_due_ms / 1000.0) + "\n";
  out += "# HELP jalon_outbox_waiting E-mails not yet sent.\n# TYPE jalon_outbox_waiting gauge\n";
  out += "jalon_outbox_waiting " + std::to_string(h.mail_waiting) + "\n";
  out +=
      "# HELP jalon_outbox_retrying E-mails waiting after a failed attempt (SMTP down?).\n"
      "# TYPE jalon_outbox_retrying gauge\n";
  out += "jalon_outbox_retrying " + std::to_string(h.mail_retrying) + "\n";
  return out;
}

Millis backoff(int64_t attempts, Millis base_ms, Millis cap_ms) {
  if (attempts < 1) attempts = 1;
  Millis d = base_ms;
  for (int64_t i = 1; i < attempts && d < cap_ms; ++i) d *= 2;
  return std::min(d, cap_ms);
}

}  // namespace jalon::jobs
