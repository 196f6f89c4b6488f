#include "store/faults.h"

#include <algorithm>
#include <cctype>

namespace jalon::store {
namespace {

// Forwards to the inner transaction, asking the decorator before each statement.
class FaultyConnection final : public Connection {
 public:
  FaultyConnection(FaultyDatabase& owner, Tx inner) : owner_(owner), inner_(std::move(inner)) {}

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    counted_ |= owner_.before_statement(sql);
    return inner_.query(sql, params);
  }
  int64_t exec(std::string_view sql, const Params& params) override {
    counted_ |= owner_.before_statement(sql);
    return inner_.exec(sql, params);
  }
  void exec_script(std::string_view sql) override {
    if (sql == "COMMIT") {
      // A commit that "fails" rolls back for real: the engine would not have written it either.
      try {
        if (counted_) owner_.before_statement(sql);
      } catch (...) {
        inner_.rollback();
        throw;
      }
      inner_.commit();
      return;
    }
    if (sql == "ROLLBACK") {
      inner_.rollback();  // never fails on purpose: the engine always manages a rollback
      return;
    }
    counted_ |= owner_.before_statement(sql);
    inner_.exec_script(sql);
  }
  Engine engine() const override { return inner_.engine(); }

 private:
  FaultyDatabase& owner_;
  Tx inner_;
  bool counted_ = false;  // a statement of this transaction was counted: so is its COMMIT
};

bool names_table(std::string_view sql, const std::string& table) {
  std::string lower(sql);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (size_t pos = lower.find(table); pos != std::string::npos; pos = lower.find(table, pos + 1)) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    bool starts = pos == 0 || !word(lower[pos - 1]);
    bool ends = pos + table.size() >= lower.size() || !word(lower[pos + table.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

std::optional<FaultKind> fault_kind_from(std::string_view name) {
  if (name == "full") return FaultKind::kDiskFull;
  if (name == "busy") return FaultKind::kBusy;
  if (name == "io") return FaultKind::kIoError;
  return std::nullopt;
}

StoreError fault_error(FaultKind kind) {
  switch (kind) {
    case FaultKind::kDiskFull:
      return StoreError(StoreError::Kind::kFull, "injected fault: database or disk is full");
    case FaultKind::kBusy:
      return StoreError(StoreError::Kind::kBusy, "injected fault: database is locked");
    case FaultKind::kIoError:
      return StoreError(StoreError::Kind::kUnavailable, "injected fault: disk I/O error");
  }
  return StoreError(StoreError::Kind::kOther, "injected fault");
}

std::vector<std::string> Fault::default_skip_tables() {
  return {"audit_log", "audit_head", "sessions", "jobs", "login_throttle"};
}

void FaultyDatabase::arm(const Fault& fault) {
  std::lock_guard g(mutex_);
  fault_ = fault;
  armed_ = true;
  count_ = 0;
  failed_ = 0;
}

void FaultyDatabase::disarm() {
  std::lock_guard g(mutex_);
  armed_ = false;
}

int64_t FaultyDatabase::counted() const {
  std::lock_guard g(mutex_);
  return count_;
}

bool FaultyDatabase::before_statement(std::string_view sql) {
  std::lock_guard g(mutex_);
  if (!armed_) return false;
  if (sql != "COMMIT" && std::any_of(fault_.skip_tables.begin(), fault_.skip_tables.end(),
                                     [&](const std::string& t) { return names_table(sql, t); })) {
    return false;
  }
  ++count_;
  if (count_ < fault_.nth) return true;
  ++failed_;
  ++injected_;
  if (fault_.repeat != 0 && failed_ >= fault_.repeat) armed_ = false;
  throw fault_error(fault_.kind);
}

Tx FaultyDatabase::write() {
  Tx inner = inner_->write();
  auto* conn = new FaultyConnection(*this, std::move(inner));
  return Tx(conn, [conn](bool) { delete conn; });
}

}  // namespace jalon::store
