#include "store/database.h"

#include <charconv>
#include <cstdio>

#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace jalon::store {

std::string_view engine_name(Engine e) {
  return e == Engine::kSqlite ? "sqlite" : "postgresql";
}

int64_t Value::as_int() const {
  switch (type_) {
    case Type::kInt:
      return i_;
    case Type::kReal:
      return static_cast<int64_t>(d_);
    case Type::kText: {
      int64_t v = 0;
      std::from_chars(s_.data(), s_.data() + s_.size(), v);
      return v;
    }
    default:
      return 0;
  }
}

double Value::as_real() const {
  switch (type_) {
    case Type::kInt:
      return static_cast<double>(i_);
    case Type::kReal:
      return d_;
    case Type::kText:
      return std::strtod(s_.c_str(), nullptr);
    default:
      return 0;
  }
}

std::string Value::to_string() const {
  switch (type_) {
    case Type::kNull:
      return {};
    case Type::kInt:
      return std::to_string(i_);
    case Type::kReal: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", d_);
      return buf;
    }
    default:
      return s_;
  }
}

Tx::Tx(Connection* conn, std::function<void(bool)> release)
    : conn_(conn), release_(std::move(release)) {}

Tx::Tx(Tx&& o) noexcept : conn_(o.conn_), release_(std::move(o.release_)), done_(o.done_) {
  o.done_ = true;
}

Tx::~Tx() {
  if (done_) return;
  try {
    rollback();
  } catch (...) {
    // A failed rollback leaves the connection to the backend's release, which discards it.
  }
}

std::vector<Row> Tx::query(std::string_view sql, const Params& params) {
  return conn_->query(sql, params);
}

std::optional<Row> Tx::query_one(std::string_view sql, const Params& params) {
  auto rows = conn_->query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

int64_t Tx::exec(std::string_view sql, const Params& params) {
  return conn_->exec(sql, params);
}

void Tx::exec_script(std::string_view sql) {
  conn_->exec_script(sql);
}

namespace {
// After a failed COMMIT: roll back whatever the engine left open, ignoring a second failure.
void rollback_ignoring_errors(Connection* conn) {
  try {
    conn->exec_script("ROLLBACK");
  } catch (...) {
  }
}
}  // namespace

void Tx::commit() {
  if (done_) throw StoreError(StoreError::Kind::kOther, "transaction already finished");
  done_ = true;
  try {
    conn_->exec_script("COMMIT");
  } catch (...) {
    rollback_ignoring_errors(conn_);
    release_(false);
    throw;
  }
  release_(true);
}

void Tx::rollback() {
  if (done_) return;
  done_ = true;
  try {
    conn_->exec_script("ROLLBACK");
  } catch (...) {
    release_(false);
    throw;
  }
  release_(false);
}

std::unique_ptr<Database> open_database(const OpenOptions& options) {
  if (options.database_url.starts_with("postgresql://") ||
      options.database_url.starts_with("postgres://")) {
    return open_postgres(options);
  }
  if (!options.database_url.empty()) {
    throw StoreError(StoreError::Kind::kUnavailable,
                     "database URL must start with postgresql:// (or be empty for SQLite)");
  }
  return open_sqlite(options);
}

}  // namespace jalon::store
