#include "support/test_stores.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "store/migrations.h"

namespace jalon::testing {
namespace {

std::string pg_base() {
  const char* v = std::getenv("JALON_TEST_PG");
  return v ? v : "";
}

void pg_admin(const std::string& sql) {
  PGconn* c = PQconnectdb((pg_base() + "/postgres").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("test cluster: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("test cluster: " + msg);
}

}  // namespace

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "jalon-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::vector<store::Engine> engines() {
  std::vector<store::Engine> out{store::Engine::kSqlite};
  const char* req = std::getenv("JALON_TEST_REQUIRE_PG");
  if (!pg_base().empty()) {
    out.push_back(store::Engine::kPostgres);
  } else if (req && std::string(req) == "1") {
    throw std::runtime_error("JALON_TEST_REQUIRE_PG=1 but JALON_TEST_PG is not set");
  }
  return out;
}

TestStore::TestStore(store::Engine engine, bool migrate) : engine_(engine) {
  dir_ = make_temp_dir();
  if (engine == store::Engine::kPostgres) {
    SystemRandom rng;
    pg_name_ = "jt_" + new_id(rng);
    pg_admin("CREATE DATABASE " + pg_name_);
    url_ = pg_base() + "/" + pg_name_;
  }
  reopen();
  if (migrate) {
    SystemClock clock;
    auto r = store::migrate(*db_, assets::AssetSource(), dir_ + "/backups", clock);
    if (!r.ok()) throw std::runtime_error("test migrate: " + r.error().message);
  }
}

void TestStore::reopen() {
  db_.reset();
  db_ = store::open_database({.data_dir = dir_, .database_url = url_, .readers = 2});
}

TestStore::~TestStore() {
  db_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  if (!pg_name_.empty()) {
    try {
      pg_admin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
}

}  // namespace jalon::testing
