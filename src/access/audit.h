// The audit trail (SR 46–49): one record per read or write of personal data and per security
// event, append-only (triggers refuse UPDATE and DELETE on both engines) and hash-chained:
// hash_n = SHA-256(hash_{n-1} ‖ record_n). Records never hold sensitive values.
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
#include <string>
#include <thread>

#include "core/clock.h"
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

class AuditLog {
 public:
  AuditLog(store::Database& db, const Clock& clock);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;

  void record(store::Tx& tx, const AuditEntry& e);
  void record_async(AuditEntry e);
  // Writes everything queued now (tests, shutdown).
  void flush();
  void start();
  void stop();

  struct Verification {
    bool ok = true;
    int64_t records = 0;
    int64_t first_broken_seq = 0;  // 0 when ok
    std::string problem;
  };
  static Verification verify(store::Database& db);

 private:
  void run();
  // Chains and inserts entries in order: one read of the head, multi-row inserts, one update.
  void append(store::Tx& tx, const std::deque<std::pair<AuditEntry, Millis>>& entries);

  store::Database& db_;
  const Clock& clock_;
  std::mutex mutex_;
  std::mutex flush_mutex_;  // held while a batch is being written
  std::condition_variable cv_;
  std::deque<std::pair<AuditEntry, Millis>> queue_;
  std::thread thread_;
  bool stopping_ = false;
  std::atomic<bool> running_{false};
};

}  // namespace jalon::access
