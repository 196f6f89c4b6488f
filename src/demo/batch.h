// A store that runs every transaction the domain services open as a savepoint of one outer
// write transaction, so that the demo's ~20 000 service writes cost one commit (one fsync on
// SQLite) instead of one each, and the demo is all-or-nothing like an import (on SQLite; see
// checkpoint() for PostgreSQL). The services run
// unchanged: their checks, their rollbacks (ROLLBACK TO SAVEPOINT) and their audit records are
// the same; reads see the batch's own writes since they use the same connection.
//
// Single-threaded: every read and write goes through the one connection of the outer
// transaction (an AuditLog on it must not start its flusher thread).
#pragma once
#include <optional>

#include "store/database.h"

namespace jalon::demo {

class Batch final : public store::Database {
 public:
  explicit Batch(store::Database& db);
  ~Batch() override;  // rolls the batch back unless commit() was called

  void commit();
  // Commits what the batch holds so far and goes on in a new outer transaction. PostgreSQL
  // keeps every version of a row updated within one transaction until it ends, and the audit
  // chain's head is updated by every write: the whole demo in one transaction would be
  // quadratic there, so the demo checkpoints after each person on PostgreSQL.
  void checkpoint();

  store::Engine engine() const override { return db_.engine(); }
  store::Tx read() override { return nested(); }
  store::Tx write() override { return nested(); }
  std::vector<std::string> describe() override { return db_.describe(); }
  std::vector<std::string> check_integrity() override { return db_.check_integrity(); }
  void backup_to(const std::string& path) override { db_.backup_to(path); }

 private:
  // The outer transaction's connection, with COMMIT and ROLLBACK mapped to the savepoint's.
  class Savepoint final : public store::Connection {
   public:
    explicit Savepoint(std::optional<store::Tx>& outer) : outer_(outer) {}
    std::vector<store::Row> query(std::string_view sql, const store::Params& params) override;
    int64_t exec(std::string_view sql, const store::Params& params) override;
    void exec_script(std::string_view sql) override;
    store::Engine engine() const override { return outer_->engine(); }

   private:
    std::optional<store::Tx>& outer_;
  };

  store::Tx nested();

  store::Database& db_;
  std::optional<store::Tx> outer_;
  Savepoint conn_{outer_};
};

}  // namespace jalon::demo
