// The audit trail (SR 46–49): one record per read or write of personal data and per security
// event, append-only (triggers refuse UPDATE and DELETE on both engines) and chained with an
// HMAC under a key kept outside the database: hash_n = HMAC-SHA-256(k, hash_{n-1} ‖ record_n).
// Records written before the HMAC (seq ≤ audit_head.legacy_until) keep their plain SHA-256.
// Records never hold sensitive values.
//
// Checkpoints (SR 47): the head (seq, hash) is appended, signed with the same key, to a file
// outside the database (every kCheckpointEvery while records are written, at stop, and by
// `jalon audit checkpoint`). verify() checks the chain and every checkpoint, so someone who can
// write the database can neither rebuild the chain nor truncate it below a checkpoint.
//
// Writes are audited inside the caller's transaction (record), so the record commits or rolls
// back with the change. Reads and security events outside a write transaction are queued
// (record_async) and group-committed by a background thread within kGroupCommitWindow; stop()
// and the destructor flush what is queued.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "access/keys.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::access {

struct AuditEntry {
  std::string actor_user_id;  // empty for anonymous events (failed login with unknown e-mail)
  std::string actor_role;
  std::string structure_id;
  std::string action;  // read, create, update, delete, export, login.success, login.failure …
  std::string object_type;  // user, team, structure, session, beneficiary …
  std::string object_id;
  std::string category;             // identity, security, health …
  std::string outcome = "success";  // success, failure, denied
  std::string session_ref;          // public id of the session, never the token
  std::string details;              // field names or hashes, never values
};

inline constexpr std::chrono::milliseconds kGroupCommitWindow{200};
// Above this many queued records, the recording thread flushes itself (back-pressure), so the
// queue cannot grow without bound under load.
inline constexpr std::size_t kMaxQueuedRecords = 20000;
inline constexpr std::chrono::seconds kCheckpointEvery{60};

class AuditLog {
 public:
  // `keys` chains the records; `checkpoint_file` (empty: none) receives signed heads.
  AuditLog(store::Database& db, const Clock& clock, const Keys& keys,
           std::string checkpoint_file = {});
  // Tests and tools that never verify: a key of this process only.
  AuditLog(store::Database& db, const Clock& clock);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;

  void record(store::Tx& tx, const AuditEntry& e);
  void record_async(AuditEntry e);
  // Writes everything queued now (tests, shutdown).
  void flush();
  void start();
  void stop();
  // Appends a signed checkpoint of the committed head to the checkpoint file (when it moved
  // since the last one written by this object). Returns false without a file.
  bool checkpoint();

  struct Verification {
    bool ok = true;
    int64_t records = 0;
    int64_t first_broken_seq = 0;  // 0 when ok
    int64_t checkpoints = 0;       // signed checkpoints checked
    int64_t purged_until = 0;      // records up to here were removed by the audit retention
    std::string problem;
  };
  // The audit retention (issue 23): appends a signed checkpoint of the newest record older than
  // `cutoff`, then deletes every record up to it; verify() resumes the chain there. Refused
  // without a checkpoint file (nothing would pin the removed part).
  struct Purge {
    int64_t deleted = 0;
    int64_t purged_until = 0;
  };
  Result<Purge> purge_before(Millis cutoff);
  // Checks the chain with `keys` and, when the file exists, every checkpoint in it.
  static Verification verify(store::Database& db, const Keys& keys,
                             const std::string& checkpoint_file = {});

 private:
  void run();
  // Chains and inserts entries in order: one read of the head, multi-row inserts, one update.
  void append(store::Tx& tx, const std::deque<std::pair<AuditEntry, Millis>>& entries);

  store::Database& db_;
  const Clock& clock_;
  std::optional<Keys> own_keys_;
  const Keys* keys_;
  std::string checkpoint_file_;
  std::mutex checkpoint_mutex_;
  int64_t checkpointed_seq_ = -1;
  std::chrono::steady_clock::time_point last_checkpoint_{};
  std::mutex mutex_;
  std::mutex flush_mutex_;  // held while a batch is being written
  std::condition_variable cv_;
  std::deque<std::pair<AuditEntry, Millis>> queue_;
  std::thread thread_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::atomic<bool> running_{false};
};

}  // namespace jalon::access
