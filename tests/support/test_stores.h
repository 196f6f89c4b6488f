// Storage tests run on both engines. TestStore opens a fresh, migrated store: SQLite in a
// temporary directory, PostgreSQL in a new database of the cluster named by JALON_TEST_PG
// (e.g. postgresql://postgres@127.0.0.1:5433). `make test` starts that cluster and sets
// JALON_TEST_REQUIRE_PG=1, so a missing cluster fails the run instead of skipping PostgreSQL.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace jalon::testing {

class TestStore {
 public:
  explicit TestStore(store::Engine engine, bool migrate = true);
  ~TestStore();
  store::Database& db() { return *db_; }
  const std::string& data_dir() const { return dir_; }
  // Connection URL of the PostgreSQL database (empty on SQLite).
  const std::string& url() const { return url_; }
  // Closes and reopens the store (same files or database).
  void reopen();

 private:
  store::Engine engine_;
  std::string dir_, url_, pg_name_;
  std::unique_ptr<store::Database> db_;
};

// The engines to test: SQLite always; PostgreSQL when JALON_TEST_PG is set (required when
// JALON_TEST_REQUIRE_PG=1).
std::vector<store::Engine> engines();

// A fresh temporary directory, removed by the caller.
std::string make_temp_dir();

}  // namespace jalon::testing
