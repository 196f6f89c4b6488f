// Backup and restore of a whole Jalon installation (SR 55, 57): the store, the uploads, the keys
// and the audit checkpoints in one tar archive with a SHA-256 manifest and the per-table row
// hashes of the snapshot it holds.
//
// SQLite: an online consistent copy through the backup API (Database::backup_to). PostgreSQL:
// `pg_dump --format=custom` of a snapshot exported by a REPEATABLE READ transaction, so the dump
// and the table hashes describe the same instant. Restore goes into an empty data directory (and
// an empty PostgreSQL database), checks every checksum before writing anything in place, and
// refuses a restored store whose table hashes differ from the ones recorded at backup time.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace jalon::ops {

// "rows:sha256" per table: the rows' text form, sorted, hashed (order- and engine-independent
// within one engine).
using TableHashes = std::map<std::string, std::string>;
TableHashes table_hashes(store::Tx& tx);
TableHashes table_hashes(store::Database& db);

struct BackupOptions {
  std::string data_dir;      // keys/, uploads/, audit/ come from here (and jalon.db on SQLite)
  std::string database_url;  // PostgreSQL: pg_dump reads this database
  std::string out_dir;       // empty: <data_dir>/backups
};

struct BackupResult {
  std::string archive;  // absolute path of the .tar
  int64_t bytes = 0;
  int files = 0;  // files in the manifest
  int tables = 0;
  int64_t rows = 0;
};

// Throws std::runtime_error (or StoreError) and leaves no partial archive behind.
BackupResult backup(store::Database& db, const BackupOptions& options, const Clock& clock);

struct RestoreOptions {
  std::string archive;
  std::string data_dir;      // must hold no store yet (created when missing)
  std::string database_url;  // PostgreSQL archives: an empty database
};

struct RestoreResult {
  std::string engine;
  int files = 0;
  int tables = 0;
  int64_t rows = 0;
};

RestoreResult restore(const RestoreOptions& options);

// Keeps the newest `keep_daily` archives of the last days and the newest archive of each of the
// last `keep_monthly` months; deletes the other jalon-backup-*.tar files of `dir`. Returns the
// names deleted.
std::vector<std::string> prune_backups(const std::string& dir, int keep_daily, int keep_monthly);

}  // namespace jalon::ops
