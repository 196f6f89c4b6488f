#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace jalon::store {
namespace {

StoreError::Kind kind_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return StoreError::Kind::kConstraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreError::Kind::kBusy;
    case SQLITE_FULL: return StoreError::Kind::kFull;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR: return StoreError::Kind::kUnavailable;
    default: return StoreError::Kind::kOther;
  }
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  throw StoreError(kind_of(rc), std::string(context) + ": " + sqlite3_errmsg(db));
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool reader) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw StoreError(StoreError::Kind::kUnavailable, "cannot open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    reader_ = reader;
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  sqlite3* handle() const { return db_; }
  Engine engine() const override { return Engine::kSqlite; }

  void apply(const SqlitePragmas& p) {
    exec_script("PRAGMA journal_mode=" + p.journal_mode);
    exec_script("PRAGMA synchronous=" + std::to_string(p.synchronous));
    exec_script("PRAGMA foreign_keys=" + std::to_string(p.foreign_keys));
    exec_script("PRAGMA busy_timeout=" + std::to_string(p.busy_timeout_ms));
    exec_script("PRAGMA secure_delete=" + std::to_string(p.secure_delete));
    // Performance, not durability: a 64 MiB page cache per connection and memory-mapped reads.
    exec_script("PRAGMA cache_size=-65536");
    exec_script("PRAGMA mmap_size=268435456");
    if (reader_) exec_script("PRAGMA query_only=1");
  }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    std::vector<Row> rows;
    int ncol = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      row.cells.reserve(ncol);
      for (int i = 0; i < ncol; ++i) row.cells.push_back(column(stmt, i));
      rows.push_back(std::move(row));
    }
    finish(stmt, rc, sql);
    return rows;
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc, sql);
    return sqlite3_changes64(db_);
  }

  void exec_script(std::string_view sql) override {
    // Transaction control runs on every request: keep those statements prepared.
    if (sql == "BEGIN" || sql == "BEGIN IMMEDIATE" || sql == "COMMIT" || sql == "ROLLBACK") {
      exec(sql, {});
      return;
    }
    std::string s(sql);
    char* err = nullptr;
    // Allowlisted use of sqlite3_exec: fixed scripts (migrations, pragmas, BEGIN/COMMIT) only.
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw StoreError(kind_of(rc), "script failed: " + msg);
    }
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    sqlite3_stmt* stmt;
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) fail(db_, rc, "prepare");
      cache_.emplace(std::string(sql), stmt);
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      throw StoreError(StoreError::Kind::kOther,
                       "wrong number of parameters for: " + std::string(sql.substr(0, 80)));
    }
    for (size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int idx, const Value& v) {
    int rc = SQLITE_OK;
    switch (v.type()) {
      case Value::Type::kNull: rc = sqlite3_bind_null(stmt, idx); break;
      case Value::Type::kInt: rc = sqlite3_bind_int64(stmt, idx, v.as_int()); break;
      case Value::Type::kReal: rc = sqlite3_bind_double(stmt, idx, v.as_real()); break;
      case Value::Type::kText:
        rc = sqlite3_bind_text64(stmt, idx, v.as_text().data(), v.as_text().size(),
                                 SQLITE_STATIC, SQLITE_UTF8);
        break;
      case Value::Type::kBlob:
        rc = sqlite3_bind_blob64(stmt, idx, v.as_text().data(), v.as_text().size(),
                                 SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
      case SQLITE_FLOAT: return Value(sqlite3_column_double(stmt, i));
      case SQLITE_TEXT:
        return Value(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                                 sqlite3_column_bytes(stmt, i)));
      case SQLITE_BLOB: {
        const char* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return Value::blob(std::string(p ? p : "", sqlite3_column_bytes(stmt, i)));
      }
      default: return Value();
    }
  }

  void finish(sqlite3_stmt* stmt, int rc, std::string_view sql) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE) fail(db_, rc, "step (" + std::string(sql.substr(0, 60)) + ")");
  }

  sqlite3* db_ = nullptr;
  bool reader_ = false;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

int pragma_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    v = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return v;
}

std::string pragma_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  std::string v;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    v = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(st);
  return v;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int readers, const SqlitePragmas& pragmas)
      : path_(std::move(path)) {
    writer_ = std::make_unique<SqliteConnection>(path_, false);
    writer_->apply(pragmas);
    verify(writer_->handle());
    for (int i = 0; i < std::max(1, readers); ++i) {
      auto r = std::make_unique<SqliteConnection>(path_, true);
      r->apply(pragmas);
      verify(r->handle());
      free_readers_.push_back(r.get());
      readers_.push_back(std::move(r));
    }
  }

  Engine engine() const override { return Engine::kSqlite; }

  Tx read() override {
    std::unique_lock lock(reader_mutex_);
    reader_cv_.wait(lock, [&] { return !free_readers_.empty(); });
    SqliteConnection* c = free_readers_.back();
    free_readers_.pop_back();
    lock.unlock();
    auto release = [this, c](bool) {
      std::lock_guard g(reader_mutex_);
      free_readers_.push_back(c);
      reader_cv_.notify_one();
    };
    try {
      c->exec_script("BEGIN");
    } catch (...) {
      release(false);
      throw;
    }
    return Tx(c, release);
  }

  Tx write() override {
    writer_mutex_.lock();
    try {
      writer_->exec_script("BEGIN IMMEDIATE");
    } catch (...) {
      writer_mutex_.unlock();
      throw;
    }
    return Tx(writer_.get(), [this](bool) { writer_mutex_.unlock(); });
  }

  std::vector<std::string> describe() override {
    std::lock_guard g(writer_mutex_);
    sqlite3* db = writer_->handle();
    return {"engine=sqlite", std::string("sqlite_version=") + sqlite3_libversion(),
            "path=" + path_, "journal_mode=" + pragma_text(db, "PRAGMA journal_mode"),
            "synchronous=" + std::to_string(pragma_int(db, "PRAGMA synchronous")),
            "foreign_keys=" + std::to_string(pragma_int(db, "PRAGMA foreign_keys")),
            "busy_timeout=" + std::to_string(pragma_int(db, "PRAGMA busy_timeout")),
            "secure_delete=" + std::to_string(pragma_int(db, "PRAGMA secure_delete")),
            "readers=" + std::to_string(readers_.size())};
  }

  void backup_to(const std::string& dest_path) override {
    std::lock_guard g(writer_mutex_);
    sqlite3* dst = nullptr;
    if (sqlite3_open_v2(dest_path.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
      std::string msg = dst ? sqlite3_errmsg(dst) : "out of memory";
      sqlite3_close_v2(dst);
      throw StoreError(StoreError::Kind::kUnavailable, "backup to " + dest_path + ": " + msg);
    }
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", writer_->handle(), "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dst);
    if (b) sqlite3_backup_finish(b);
    std::string msg = sqlite3_errmsg(dst);
    sqlite3_close_v2(dst);
    if (rc != SQLITE_DONE) throw StoreError(kind_of(rc), "backup to " + dest_path + ": " + msg);
  }

  std::vector<std::string> check_integrity() override {
    std::lock_guard g(writer_mutex_);
    sqlite3* db = writer_->handle();
    std::vector<std::string> problems = check_pragmas(db);
    std::string ic = pragma_text(db, "PRAGMA integrity_check");
    if (ic != "ok") problems.push_back("integrity_check: " + ic);
    auto fk = writer_->query("PRAGMA foreign_key_check", {});
    for (const auto& r : fk) {
      problems.push_back("foreign_key_check: table " + r.text(0) + " row " + r[1].to_string() +
                         " -> " + r.text(2));
    }
    return problems;
  }

 private:
  void verify(sqlite3* db) {
    auto problems = check_pragmas(db);
    if (!problems.empty()) {
      std::string msg = "SQLite settings refused (SR 51):";
      for (const auto& p : problems) msg += " " + p + ";";
      throw StoreError(StoreError::Kind::kSchema, msg);
    }
  }

  std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex writer_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> free_readers_;
  std::mutex reader_mutex_;
  std::condition_variable reader_cv_;
};

}  // namespace

std::vector<std::string> check_pragmas(sqlite3* db) {
  const SqlitePragmas want;
  std::vector<std::string> out;
  auto expect = [&](const char* name, const std::string& got, const std::string& wanted) {
    if (got != wanted) out.push_back(std::string(name) + "=" + got + " (required " + wanted + ")");
  };
  expect("journal_mode", pragma_text(db, "PRAGMA journal_mode"), want.journal_mode);
  expect("synchronous", std::to_string(pragma_int(db, "PRAGMA synchronous")),
         std::to_string(want.synchronous));
  expect("foreign_keys", std::to_string(pragma_int(db, "PRAGMA foreign_keys")),
         std::to_string(want.foreign_keys));
  int busy = pragma_int(db, "PRAGMA busy_timeout");
  if (busy < want.busy_timeout_ms) {
    out.push_back("busy_timeout=" + std::to_string(busy) + " (required >= " +
                  std::to_string(want.busy_timeout_ms) + ")");
  }
  expect("secure_delete", std::to_string(pragma_int(db, "PRAGMA secure_delete")),
         std::to_string(want.secure_delete));
  return out;
}

std::unique_ptr<Database> open_sqlite(const OpenOptions& options, const SqlitePragmas& pragmas) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    throw StoreError(StoreError::Kind::kUnavailable,
                     "cannot create data directory " + options.data_dir + ": " + ec.message());
  }
  std::string path = (std::filesystem::path(options.data_dir) / "jalon.db").string();
  return std::make_unique<SqliteDatabase>(path, options.readers, pragmas);
}

std::unique_ptr<Database> open_sqlite(const OpenOptions& options) {
  return open_sqlite(options, SqlitePragmas{});
}

}  // namespace jalon::store
