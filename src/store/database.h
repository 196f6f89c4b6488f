// The store: one interface over two engines (SQLite embedded, PostgreSQL for networks of
// structures). SQL is written once with `?` placeholders and bound parameters only; the
// PostgreSQL backend rewrites placeholders to $n. A Tx is an RAII transaction: it rolls back
// unless commit() is called. Reads run on a pool of reader connections; on SQLite every write
// transaction goes through one serialised writer connection (BEGIN IMMEDIATE).
//
// Failures are reported by throwing StoreError: the store is infrastructure, and the HTTP layer
// maps StoreError to 503 (full, busy, down) or 500. Expected conflicts (unique keys) have their
// own kind so services can turn them into a user message.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jalon::store {

enum class Engine { kSqlite, kPostgres };
std::string_view engine_name(Engine e);

// A bound parameter or a result cell.
class Value {
 public:
  enum class Type { kNull, kInt, kReal, kText, kBlob };
  Value() = default;
  Value(std::nullptr_t) {}                                   // NOLINT
  Value(int v) : type_(Type::kInt), i_(v) {}                 // NOLINT
  Value(long v) : type_(Type::kInt), i_(v) {}                // NOLINT
  Value(long long v) : type_(Type::kInt), i_(v) {}           // NOLINT
  Value(double v) : type_(Type::kReal), d_(v) {}             // NOLINT
  Value(const char* v) : type_(Type::kText), s_(v) {}        // NOLINT
  Value(std::string v) : type_(Type::kText), s_(std::move(v)) {}  // NOLINT
  Value(std::string_view v) : type_(Type::kText), s_(v) {}   // NOLINT
  template <class T>
  Value(const std::optional<T>& v) {  // NOLINT: empty optional binds NULL
    if (v) *this = Value(*v);
  }
  static Value blob(std::string bytes) {
    Value v(std::move(bytes));
    v.type_ = Type::kBlob;
    return v;
  }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  int64_t as_int() const;          // text cells holding digits are converted
  double as_real() const;
  const std::string& as_text() const { return s_; }  // text or blob bytes; "" for other types
  std::string to_string() const;   // any type, for display and tests

 private:
  Type type_ = Type::kNull;
  int64_t i_ = 0;
  double d_ = 0;
  std::string s_;
};

using Params = std::vector<Value>;

struct Row {
  std::vector<Value> cells;
  std::size_t size() const { return cells.size(); }
  const Value& operator[](std::size_t i) const { return cells.at(i); }
  bool is_null(std::size_t i) const { return cells.at(i).is_null(); }
  int64_t i64(std::size_t i) const { return cells.at(i).as_int(); }
  double f64(std::size_t i) const { return cells.at(i).as_real(); }
  const std::string& text(std::size_t i) const { return cells.at(i).as_text(); }
  std::optional<std::string> opt_text(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return cells.at(i).to_string();
  }
};

class StoreError : public std::runtime_error {
 public:
  enum class Kind { kConstraint, kBusy, kFull, kUnavailable, kSchema, kOther };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One connection of either engine, as used inside a transaction. Not thread-safe: a connection
// belongs to one Tx at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::vector<Row> query(std::string_view sql, const Params& params) = 0;
  virtual int64_t exec(std::string_view sql, const Params& params) = 0;
  // Several statements without parameters: migrations and fixed DDL only.
  virtual void exec_script(std::string_view sql) = 0;
  virtual Engine engine() const = 0;
};

class Tx {
 public:
  // release is called exactly once, with committed=true after a successful commit.
  Tx(Connection* conn, std::function<void(bool committed)> release);
  Tx(Tx&&) noexcept;
  Tx& operator=(Tx&&) = delete;
  Tx(const Tx&) = delete;
  ~Tx();  // rolls back if neither commit() nor rollback() was called

  std::vector<Row> query(std::string_view sql, const Params& params = {});
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  // Number of rows changed.
  int64_t exec(std::string_view sql, const Params& params = {});
  void exec_script(std::string_view sql);
  Engine engine() const { return conn_->engine(); }
  void commit();
  void rollback();

 private:
  Connection* conn_;
  std::function<void(bool)> release_;
  bool done_ = false;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // A read-only transaction on a pooled reader (a consistent snapshot).
  virtual Tx read() = 0;
  // A write transaction; on SQLite it waits for the single writer.
  virtual Tx write() = 0;
  // Engine facts for `jalon check` and /metrics: "key=value" lines.
  virtual std::vector<std::string> describe() = 0;
  // Engine integrity checks (SQLite: integrity_check, foreign_key_check, pragmas). Empty = fine.
  virtual std::vector<std::string> check_integrity() = 0;
  // A consistent online copy of the whole store into a new file (SQLite backup API). PostgreSQL
  // deployments back up with their own tools (pg_basebackup, WAL archiving): it throws there.
  virtual void backup_to(const std::string& path) = 0;
};

struct OpenOptions {
  std::string data_dir;      // SQLite: holds jalon.db and backups/
  std::string database_url;  // postgresql://… selects PostgreSQL
  int readers = 4;           // pooled read connections
};

// Opens the engine the options select. Throws StoreError when the store cannot be opened or
// when its settings are not the ones Jalon requires (SR 51).
std::unique_ptr<Database> open_database(const OpenOptions& options);

}  // namespace jalon::store
