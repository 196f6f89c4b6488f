#include "access/audit.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

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

Keys process_key() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  std::array<unsigned char, 32> k{};
  randombytes_buf(k.data(), k.size());
  return Keys::from_bytes(k);
}

std::string checkpoint_body(int64_t seq, const std::string& hash, int64_t legacy_until, Millis at) {
  return "jalon-audit-checkpoint v1 " + std::to_string(seq) + " " + hash + " " +
         std::to_string(legacy_until) + " " + std::to_string(at);
}

struct Checkpoint {
  int64_t seq = 0, legacy_until = 0;
  Millis at = 0;
  std::string hash;
  int line = 0;
};

// Reads and authenticates the checkpoint file; `problem` is set on a bad line.
std::vector<Checkpoint> read_checkpoints(const std::string& file, const Keys& keys,
                                         std::string& problem) {
  std::vector<Checkpoint> out;
  std::ifstream in(file);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::istringstream ls(line);
    std::string magic, version, mac;
    Checkpoint c;
    c.line = n;
    ls >> magic >> version >> c.seq >> c.hash >> c.legacy_until >> c.at >> mac;
    if (!ls || magic != "jalon-audit-checkpoint" || version != "v1" ||
        !equal_secrets(keys.audit_mac(checkpoint_body(c.seq, c.hash, c.legacy_until, c.at)), mac)) {
      problem = "checkpoint line " + std::to_string(n) + " of " + file +
                " is not signed by this server's key (edited or forged)";
      return out;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Appends one line to the checkpoint file (its directory created owner-only): append-only, one
// write per line, synced, so a crash leaves whole lines behind.
void append_line(const std::string& file, const std::string& line) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(file).parent_path();
  if (!dir.empty() && !fs::exists(dir)) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  }
  int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open " + file);
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::fsync(fd);
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write " + file);
}

// A verification that fails at `seq` for `why`.
AuditLog::Verification broken_at(int64_t seq, std::string why) {
  AuditLog::Verification v;
  v.ok = false;
  v.first_broken_seq = seq;
  v.problem = std::move(why);
  return v;
}

// The checkpoints against the head (seq, hash, legacy_until): the unkeyed part must not have
// moved, and the log must reach every checkpoint.
std::optional<AuditLog::Verification> checkpoints_problem(
    const std::map<int64_t, Checkpoint>& checkpoints, const std::optional<store::Row>& head,
    int64_t legacy_until) {
  for (const auto& [seq, c] : checkpoints) {
    if (c.legacy_until != legacy_until) {
      return broken_at(std::min(c.legacy_until, legacy_until) + 1,
                       "the end of the unkeyed (pre-HMAC) records moved since the checkpoint of "
                       "line " +
                           std::to_string(c.line));
    }
    if (head && seq > head->i64(0)) {
      return broken_at(head->i64(0) + 1, "the log ends before the signed checkpoint of line " +
                                             std::to_string(c.line) +
                                             " (records removed at the end)");
    }
  }
  return std::nullopt;
}

// Why one audit_log row breaks the chain, "" when it holds: its place, its link to the record
// before, its hash or HMAC, and the signed checkpoint at its seq if any.
std::string record_problem(const store::Row& r, int64_t expected_seq, const std::string& prev,
                           int64_t legacy_until, const Keys& keys,
                           const std::map<int64_t, Checkpoint>& checkpoints) {
  int64_t seq = r.i64(0);
  if (seq != expected_seq) return "record " + std::to_string(expected_seq) + " is missing";
  if (r.text(12) != prev) return "prev_hash does not match the hash of the record before";
  std::vector<std::string> f;
  for (size_t i = 2; i <= 11; ++i) f.push_back(r.text(i));
  std::string body = canonical(seq, r.i64(1), prev, f);
  std::string expected = seq <= legacy_until ? sha256_hex(body) : keys.audit_mac(body);
  if (!equal_secrets(expected, r.text(13))) {
    return seq <= legacy_until ? "content does not match its hash"
                               : "content does not match its HMAC (edited, or chained without "
                                 "this server's key)";
  }
  if (auto c = checkpoints.find(seq); c != checkpoints.end() && c->second.hash != r.text(13)) {
    return "the record differs from the signed checkpoint of line " +
           std::to_string(c->second.line);
  }
  return {};
}

}  // namespace

AuditLog::AuditLog(store::Database& db, const Clock& clock, const Keys& keys,
                   std::string checkpoint_file)
    : db_(db), clock_(clock), keys_(&keys), checkpoint_file_(std::move(checkpoint_file)) {}

AuditLog::AuditLog(store::Database& db, const Clock& clock)
    : db_(db), clock_(clock), own_keys_(process_key()), keys_(&*own_keys_) {}

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
      std::string hash = keys_->audit_mac(canonical(seq, at, prev, f));
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
  stopped_ = false;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void AuditLog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    cv_.wait_for(lock, kGroupCommitWindow);
    lock.unlock();
    flush();
    if (std::chrono::steady_clock::now() - last_checkpoint_ >= kCheckpointEvery) {
      try {
        checkpoint();
      } catch (const std::exception& ex) {
        log::error("audit_checkpoint_failed", {{"what", ex.what()}});
      }
      last_checkpoint_ = std::chrono::steady_clock::now();
    }
    lock.lock();
  }
}

void AuditLog::stop() {
  {
    std::lock_guard g(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  running_ = false;
  flush();
  // The head is signed once at the first stop; a later call (the destructor, after the server
  // has released the store) must not touch the database again.
  if (stopped_) return;
  stopped_ = true;
  try {
    checkpoint();
  } catch (const std::exception& ex) {
    log::error("audit_checkpoint_failed", {{"what", ex.what()}});
  }
}

bool AuditLog::checkpoint() {
  if (checkpoint_file_.empty()) return false;
  std::lock_guard g(checkpoint_mutex_);
  auto tx = db_.read();
  auto head = tx.query_one("SELECT seq, hash, legacy_until FROM audit_head WHERE id = 1");
  tx.commit();
  if (!head || head->i64(0) == checkpointed_seq_) return true;
  Millis at = clock_.now_ms();
  std::string body = checkpoint_body(head->i64(0), head->text(1), head->i64(2), at);
  append_line(checkpoint_file_, body + " " + keys_->audit_mac(body) + "\n");
  checkpointed_seq_ = head->i64(0);
  return true;
}

AuditLog::Verification AuditLog::verify(store::Database& db, const Keys& keys,
                                        const std::string& checkpoint_file) {
  Verification v;
  std::map<int64_t, Checkpoint> checkpoints;
  if (!checkpoint_file.empty() && std::filesystem::exists(checkpoint_file)) {
    std::string problem;
    for (auto& c : read_checkpoints(checkpoint_file, keys, problem)) {
      checkpoints[c.seq] = std::move(c);
    }
    if (!problem.empty()) {
      v.ok = false;
      v.problem = problem;
      return v;
    }
  }
  auto tx = db.read();
  auto head = tx.query_one(
      "SELECT seq, hash, legacy_until, purged_until, purged_hash FROM audit_head WHERE id = 1");
  int64_t legacy_until = head ? head->i64(2) : 0;
  if (auto broken = checkpoints_problem(checkpoints, head, legacy_until)) return *broken;
  // Records up to purged_until were deleted by the audit retention, which first pinned that
  // point of the chain with a signed checkpoint: the walk resumes there.
  int64_t purged_until = head ? head->i64(3) : 0;
  std::string prev = head ? head->text(4) : std::string(64, '0');
  if (purged_until > 0 && !checkpoint_file.empty()) {
    auto c = checkpoints.find(purged_until);
    if (c == checkpoints.end() || c->second.hash != prev) {
      return broken_at(purged_until, "records up to " + std::to_string(purged_until) +
                                         " were removed without a signed checkpoint there");
    }
  }
  v.purged_until = purged_until;
  int64_t expected_seq = purged_until + 1;
  int64_t after = purged_until;
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
      std::string why = record_problem(r, expected_seq, prev, legacy_until, keys, checkpoints);
      if (!why.empty()) {
        v.ok = false;
        v.first_broken_seq = seq;
        v.problem = std::move(why);
        return v;
      }
      if (checkpoints.count(seq)) ++v.checkpoints;
      prev = r.text(13);
      ++expected_seq;
      ++v.records;
      after = seq;
    }
  }
  if (head &&
      (head->i64(0) != purged_until + v.records || (v.records > 0 && head->text(1) != prev))) {
    v.ok = false;
    v.first_broken_seq = purged_until + v.records + 1;
    v.problem = "the log ends before the recorded head (records removed at the end)";
  }
  if (auto c = checkpoints.find(0); c != checkpoints.end()) ++v.checkpoints;
  if (auto c = checkpoints.find(purged_until); purged_until > 0 && c != checkpoints.end())
    ++v.checkpoints;
  tx.commit();
  return v;
}

Result<AuditLog::Purge> AuditLog::purge_before(Millis cutoff) {
  if (checkpoint_file_.empty()) {
    return Error::conflict("the audit retention needs a checkpoint file to pin the chain");
  }
  flush();
  std::lock_guard g(checkpoint_mutex_);
  auto tx = db_.write();
  auto head = tx.query_one("SELECT legacy_until, purged_until FROM audit_head WHERE id = 1");
  if (!head) throw store::StoreError(store::StoreError::Kind::kSchema, "audit_head missing");
  auto last = tx.query_one(
      "SELECT seq, hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log WHERE at < ?)",
      {cutoff});
  Purge p;
  p.purged_until = head->i64(1);
  if (!last || last->i64(0) <= p.purged_until) return p;
  int64_t seq = last->i64(0);
  std::string hash = last->text(1);
  // Checkpoint, then drop: the signed line pins (seq, hash) before any record goes.
  std::string body = checkpoint_body(seq, hash, head->i64(0), clock_.now_ms());
  append_line(checkpoint_file_, body + " " + keys_->audit_mac(body) + "\n");
  tx.exec("UPDATE audit_head SET purged_until = ?, purged_hash = ? WHERE id = 1", {seq, hash});
  auto n = tx.query_one("SELECT COUNT(*) FROM audit_log WHERE seq <= ?", {seq});
  tx.exec("DELETE FROM audit_log WHERE seq <= ?", {seq});
  tx.commit();
  p.deleted = n ? n->i64(0) : 0;
  p.purged_until = seq;
  return p;
}

}  // namespace jalon::access
