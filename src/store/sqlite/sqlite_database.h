// SQLite backend: one writer connection (serialised by a mutex held for the transaction's life)
// and a pool of reader connections, all in WAL mode. Every connection's pragmas are read back
// after they are set and the store refuses to open on any mismatch (SR 51).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

struct sqlite3;

namespace jalon::store {

// The settings Jalon requires; tests pass other values to prove the check refuses them.
struct SqlitePragmas {
  std::string journal_mode = "wal";
  int synchronous = 2;  // FULL
  int foreign_keys = 1;
  int busy_timeout_ms = 5000;
  int secure_delete = 1;
};

std::unique_ptr<Database> open_sqlite(const OpenOptions& options);
// Opens with explicit pragmas (the production path passes the defaults).
std::unique_ptr<Database> open_sqlite(const OpenOptions& options, const SqlitePragmas& pragmas);

// Compares a live connection's pragmas with the required ones; returns one line per mismatch.
std::vector<std::string> check_pragmas(sqlite3* db);

}  // namespace jalon::store
