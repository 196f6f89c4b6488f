#include "store/postgres/pg_database.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace jalon::store {
namespace {

// Type oids from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26,
              kFloat4 = 700, kFloat8 = 701, kNumeric = 1700;

StoreError::Kind kind_of_state(const char* state) {
  std::string_view s = state ? state : "";
  if (s.starts_with("23")) return StoreError::Kind::kConstraint;
  if (s == "53100") return StoreError::Kind::kFull;
  if (s == "40001" || s == "40P01" || s == "55P03") return StoreError::Kind::kBusy;
  if (s.starts_with("08") || s.starts_with("57")) return StoreError::Kind::kUnavailable;
  return StoreError::Kind::kOther;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw StoreError(StoreError::Kind::kUnavailable, "cannot connect to PostgreSQL: " + msg);
    }
    exec_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  }
  ~PgConnection() override { PQfinish(conn_); }

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  Engine engine() const override { return Engine::kPostgres; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    PGresult* res = run(sql, params);
    std::vector<Row> rows;
    int n = PQntuples(res), ncol = PQnfields(res);
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      Row row;
      row.cells.reserve(ncol);
      for (int c = 0; c < ncol; ++c) row.cells.push_back(cell(res, r, c));
      rows.push_back(std::move(row));
    }
    PQclear(res);
    return rows;
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    PGresult* res = run(sql, params);
    const char* n = PQcmdTuples(res);
    int64_t changed = (n && *n) ? std::stoll(n) : 0;
    PQclear(res);
    return changed;
  }

  void exec_script(std::string_view sql) override {
    // Allowlisted use of PQexec: fixed scripts (migrations, BEGIN/COMMIT, session settings).
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    check(res, sql);
    PQclear(res);
  }

 private:
  PGresult* run(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      PGresult* res = PQprepare(conn_, name.c_str(), rewrite_placeholders(sql).c_str(), 0, nullptr);
      check(res, sql);
      PQclear(res);
      it = prepared_.emplace(key, name).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (v.is_null()) {
        values[i] = nullptr;
        continue;
      }
      if (v.type() == Value::Type::kBlob) {
        values[i] = v.as_text().data();
        lengths[i] = static_cast<int>(v.as_text().size());
        formats[i] = 1;
        continue;
      }
      text[i] = v.to_string();
      values[i] = text[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                   values.data(), lengths.data(), formats.data(), 0);
    check(res, sql);
    return res;
  }

  void check(PGresult* res, std::string_view sql) {
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    std::string msg = PQresultErrorMessage(res);
    if (msg.empty()) msg = PQerrorMessage(conn_);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    StoreError::Kind kind = res ? kind_of_state(state) : StoreError::Kind::kUnavailable;
    if (!healthy()) kind = StoreError::Kind::kUnavailable;
    PQclear(res);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw StoreError(kind, msg + " (" + std::string(sql.substr(0, 60)) + ")");
  }

  static Value cell(PGresult* res, int r, int c) {
    if (PQgetisnull(res, r, c)) return Value();
    const char* v = PQgetvalue(res, r, c);
    int len = PQgetlength(res, r, c);
    switch (PQftype(res, c)) {
      case kInt2:
      case kInt4:
      case kInt8:
      case kOid: return Value(std::stoll(v));
      case kBool: return Value(v[0] == 't' ? 1 : 0);
      case kFloat4:
      case kFloat8:
      case kNumeric: return Value(std::strtod(v, nullptr));
      case kBytea: {
        size_t n = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
        Value out = Value::blob(std::string(reinterpret_cast<char*>(raw), n));
        PQfreemem(raw);
        return out;
      }
      default: return Value(std::string(v, len));
    }
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, int max_connections)
      : url_(std::move(url)), max_(std::max(2, max_connections)) {
    // Fail fast on a bad URL or a server that is down.
    idle_.push_back(std::make_unique<PgConnection>(url_));
    open_ = 1;
  }

  Engine engine() const override { return Engine::kPostgres; }

  Tx read() override { return begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  Tx write() override { return begin("BEGIN"); }

  std::vector<std::string> describe() override {
    auto tx = read();
    auto v = tx.query_one("SELECT current_setting('server_version'), current_database(), "
                          "current_setting('fsync'), current_setting('full_page_writes')");
    tx.commit();
    return {"engine=postgresql", "server_version=" + v->text(0), "database=" + v->text(1),
            "fsync=" + v->text(2), "full_page_writes=" + v->text(3),
            "pool_max=" + std::to_string(max_)};
  }

  void backup_to(const std::string&) override {
    throw StoreError(StoreError::Kind::kOther,
                     "PostgreSQL stores are backed up with pg_basebackup and WAL archiving");
  }

  std::vector<std::string> check_integrity() override {
    std::vector<std::string> problems;
    auto tx = read();
    auto v = tx.query_one("SELECT current_setting('fsync'), current_setting('full_page_writes')");
    tx.commit();
    if (v->text(0) != "on") problems.push_back("fsync=" + v->text(0) + " (required on)");
    if (v->text(1) != "on") {
      problems.push_back("full_page_writes=" + v->text(1) + " (required on)");
    }
    return problems;
  }

 private:
  Tx begin(const char* begin_sql) {
    std::unique_ptr<PgConnection> c = acquire();
    PgConnection* raw = c.release();
    auto release = [this, raw](bool) { give_back(std::unique_ptr<PgConnection>(raw)); };
    try {
      raw->exec_script(begin_sql);
    } catch (...) {
      release(false);
      throw;
    }
    return Tx(raw, release);
  }

  std::unique_ptr<PgConnection> acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<PgConnection>(url_);
    } catch (...) {
      std::lock_guard g(mutex_);
      --open_;
      cv_.notify_one();
      throw;
    }
  }

  void give_back(std::unique_ptr<PgConnection> c) {
    std::lock_guard g(mutex_);
    if (c->healthy()) {
      idle_.push_back(std::move(c));
    } else {
      --open_;  // a broken connection is dropped; the next acquire opens a fresh one
    }
    cv_.notify_one();
  }

  std::string url_;
  int max_;
  int open_ = 0;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

std::unique_ptr<Database> open_postgres(const OpenOptions& options) {
  return std::make_unique<PgDatabase>(options.database_url, options.readers * 2);
}

}  // namespace jalon::store
