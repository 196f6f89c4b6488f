// Fault injection for reliability tests (SR 53, 54): a Database decorator that makes the Nth
// statement of write transactions fail as the engine would on a full disk, a busy store or an
// I/O error. Statements are counted from the moment a fault is armed; statements whose SQL
// names a skipped table (the audit writer's and the session clock's, which run beside any
// request) are not counted, so a test aims at the business write it drives. COMMIT counts as a
// statement: a failed commit must leave nothing behind either.
//
// Nothing in the store's interfaces changes: the decorator wraps the inner Tx in a Connection
// of its own. `jalon serve --test-routes` wraps its store in one (POST /__test/faults arms it).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace jalon::store {

enum class FaultKind { kDiskFull, kBusy, kIoError };

// "full", "busy", "io" (the names the test route takes); nullopt otherwise.
std::optional<FaultKind> fault_kind_from(std::string_view name);
// The StoreError the engine's own failure maps to.
StoreError fault_error(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::kDiskFull;
  int nth = 1;     // 1 = the first counted statement fails
  int repeat = 1;  // how many statements fail from the Nth on (0 = all until disarmed)
  std::vector<std::string> skip_tables = default_skip_tables();
  static std::vector<std::string> default_skip_tables();
};

class FaultyDatabase final : public Database {
 public:
  explicit FaultyDatabase(std::unique_ptr<Database> inner) : inner_(std::move(inner)) {}

  void arm(const Fault& fault);
  void disarm();
  // Statements failed since the store was opened.
  int64_t injected() const { return injected_.load(); }
  // Counted statements since the last arm().
  int64_t counted() const;
  Database& inner() { return *inner_; }

  Engine engine() const override { return inner_->engine(); }
  Tx read() override { return inner_->read(); }
  Tx write() override;
  std::vector<std::string> describe() override { return inner_->describe(); }
  std::vector<std::string> check_integrity() override { return inner_->check_integrity(); }
  void backup_to(const std::string& path) override { inner_->backup_to(path); }

  // Called by the decorated connection before each statement: throws the armed fault when due;
  // true when the statement was counted.
  bool before_statement(std::string_view sql);

 private:
  std::unique_ptr<Database> inner_;
  mutable std::mutex mutex_;
  bool armed_ = false;
  Fault fault_;
  int64_t count_ = 0;
  int failed_ = 0;
  std::atomic<int64_t> injected_{0};
};

}  // namespace jalon::store
