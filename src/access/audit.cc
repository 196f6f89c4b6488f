#include "access/audit.h"

#include "access/keys.h"

#include <algorithm>
#include "core/log.h"

namespace jalon::access {
namespace {

constexpr char kSep = '\x1f';

// Control characters are replaced so a value cannot forge structure in exports or logs.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  return out;
}

std::string canonical(int64_t seq, Millis at, const std::string& prev,
                      const std::vector<std::string>& fields) {
  std::string s = prev;
  s += kSep;
  s += std::to_string(seq);
  s += kSep;
  s += std::to_string(at);
  for (const auto& f : fields) {
    s += kSep;
    s += f;
  }
  return s;
}

std::vector<std::string> fields_of(const AuditEntry& e) {
  return {clean(e.actor_user_id), clean(e.actor_role), clean(e.structure_id), clean(e.action),
          clean(e.object_type),   clean(e.object_id),  clean(e.category),     clean(e.outcome),
          clean(e.session_ref),   clean(e.details)};
}

}  // namespace

AuditLog::AuditLog(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

AuditLog::~AuditLog() {
  stop();
}

void AuditLog::append(store::Tx& tx, const std::deque<std::pair<AuditEntry, Millis>>& entries) {
  if (entries.empty()) return;
  const char* head_sql = tx.engine() == store::Engine::kPostgres
                             ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                             : "SELECT seq, hash FROM audit_head WHERE id = 1";
  auto head = tx.query_one(head_sql);
  if (!head) throw store::StoreError(store::StoreError::Kind::kSchema, "audit_head missing");
  int64_t seq = head->i64(0);
  std::string prev = head->text(1);
  constexpr size_t kRowsPerInsert = 50;
  constexpr const char* kInsert =
      "INSERT INTO audit_log (seq, at, actor_user_id, actor_role, structure_id, action, "
      "object_type, object_id, category, outcome, session_ref, details, prev_hash, hash) VALUES ";
  constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  for (size_t start = 0; start < entries.size(); start += kRowsPerInsert) {
    size_t end = std::min(entries.size(), start + kRowsPerInsert);
    std::string sql = kInsert;  // built from constants only; every value is bound
    store::Params params;
    params.reserve((end - start) * 14);
    for (size_t i = start; i < end; ++i) {
      const auto& [e, at] = entries[i];
      auto f = fields_of(e);
      ++seq;
      std::string hash = sha256_hex(canonical(seq, at, prev, f));
      sql += (i == start ? "" : ", ");
      sql += kRow;
      params.emplace_back(seq);
      params.emplace_back(at);
      for (auto& v : f) params.emplace_back(std::move(v));
      params.emplace_back(prev);
      params.emplace_back(hash);
      prev = std::move(hash);
    }
    tx.exec(sql, params);
  }
  tx.exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {seq, prev});
}

void AuditLog::record(store::Tx& tx, const AuditEntry& e) {
  append(tx, {{e, clock_.now_ms()}});
}

void AuditLog::record_async(AuditEntry e) {
  Millis at = clock_.now_ms();
  size_t queued;
  {
    std::lock_guard g(mutex_);
    queue_.emplace_back(std::move(e), at);
    queued = queue_.size();
  }
  // No flusher thread (CLI, unit tests), or a backlog: write now, in this thread.
  if (!running_ || queued > kMaxQueuedRecords) flush();
}

void AuditLog::flush() {
  // One flush at a time: a caller returns once every record queued before the call is written,
  // even when the flusher thread had taken them first (tests and shutdown rely on it).
  std::lock_guard writing(flush_mutex_);
  std::deque<std::pair<AuditEntry, Millis>> batch;
  {
    std::lock_guard g(mutex_);
    batch.swap(queue_);
  }
  if (batch.empty()) return;
  try {
    auto tx = db_.write();
    append(tx, batch);
    tx.commit();
  } catch (const std::exception& ex) {
    // Put the records back so the next flush retries them; never drop audit records silently.
    log::error("audit_flush_failed",
               {{"what", ex.what()}, {"queued", static_cast<long long>(batch.size())}});
    std::lock_guard g(mutex_);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue_.push_front(std::move(*it));
  }
}

void AuditLog::start() {
  std::lock_guard g(mutex_);
  if (running_) return;
  stopping_ = false;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void AuditLog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    cv_.wait_for(lock, kGroupCommitWindow);
    lock.unlock();
    flush();
    lock.lock();
  }
}

void AuditLog::stop() {
  {
    std::lock_guard g(mutex_);
    if (!running_) {
      // nothing to join; still flush anything recorded without a thread
    }
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  running_ = false;
  flush();
}

AuditLog::Verification AuditLog::verify(store::Database& db) {
  Verification v;
  auto tx = db.read();
  std::string prev(64, '0');
  int64_t expected_seq = 1;
  int64_t after = 0;
  // Walk in pages so a long log does not sit in memory at once.
  for (;;) {
    auto rows = tx.query(
        "SELECT seq, at, actor_user_id, actor_role, structure_id, action, object_type, object_id, "
        "category, outcome, session_ref, details, prev_hash, hash FROM audit_log WHERE seq > ? "
        "ORDER BY seq LIMIT 5000",
        {after});
    if (rows.empty()) break;
    for (const auto& r : rows) {
      int64_t seq = r.i64(0);
      auto fail = [&](std::string why) {
        v.ok = false;
        v.first_broken_seq = seq;
        v.problem = std::move(why);
      };
      if (seq != expected_seq) {
        fail("record " + std::to_string(expected_seq) + " is missing");
        return v;
      }
      if (r.text(12) != prev) {
        fail("prev_hash does not match the hash of the record before");
        return v;
      }
      std::vector<std::string> f;
      for (size_t i = 2; i <= 11; ++i) f.push_back(r.text(i));
      if (sha256_hex(canonical(seq, r.i64(1), prev, f)) != r.text(13)) {
        fail("content does not match its hash");
        return v;
      }
      prev = r.text(13);
      ++expected_seq;
      ++v.records;
      after = seq;
    }
  }
  auto head = tx.query_one("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (head && (head->i64(0) != v.records || (v.records > 0 && head->text(1) != prev))) {
    v.ok = false;
    v.first_broken_seq = v.records + 1;
    v.problem = "the log ends before the recorded head (records removed at the end)";
  }
  tx.commit();
  return v;
}

}  // namespace jalon::access
