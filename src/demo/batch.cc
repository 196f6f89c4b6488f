#include "demo/batch.h"

namespace jalon::demo {

namespace {
constexpr const char* kSavepoint = "jalon_demo_step";
}

Batch::Batch(store::Database& db) : db_(db), outer_(db.write()) {}

Batch::~Batch() = default;  // the outer Tx rolls back when it was not committed

void Batch::commit() {
  outer_->commit();
  outer_.reset();
}

void Batch::checkpoint() {
  outer_->commit();
  outer_.reset();
  outer_.emplace(db_.write());
}

store::Tx Batch::nested() {
  if (!outer_) {
    throw store::StoreError(store::StoreError::Kind::kOther, "demo batch already committed");
  }
  outer_->exec_script(std::string("SAVEPOINT ") + kSavepoint);
  return store::Tx(&conn_, [](bool) {});
}

std::vector<store::Row> Batch::Savepoint::query(std::string_view sql, const store::Params& params) {
  return outer_->query(sql, params);
}

int64_t Batch::Savepoint::exec(std::string_view sql, const store::Params& params) {
  return outer_->exec(sql, params);
}

void Batch::Savepoint::exec_script(std::string_view sql) {
  if (sql == "COMMIT") {
    outer_->exec_script(std::string("RELEASE SAVEPOINT ") + kSavepoint);
  } else if (sql == "ROLLBACK") {
    outer_->exec_script(std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint +
                        "; RELEASE SAVEPOINT " + kSavepoint);
  } else {
    outer_->exec_script(sql);
  }
}

}  // namespace jalon::demo
