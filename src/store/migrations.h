// Numbered, forward-only schema migrations, embedded in the binary (src/store/migrations/).
// Numbers are unique and ordered but may leave gaps (each domain owns a range); every migration
// not yet recorded in schema_migrations is applied, in number order.
// A file is `NNNN_name.sql` (portable SQL) or a pair `NNNN_name.sqlite.sql` +
// `NNNN_name.postgres.sql` where the engines differ. A line `@search_index NAME` expands to the
// engine's full-text index DDL, and `@search_vocabulary NAME` to its typo-tolerance tables
// (store/search.h). Each migration runs in its own transaction and
// records itself in schema_migrations. On SQLite an online backup is taken before applying
// anything to a store that already holds data.
#pragma once
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// The migrations for an engine, in order; an error names the file when a number is used twice
// or an engine variant is missing.
Result<std::vector<Migration>> load_migrations(const assets::AssetSource& assets, Engine engine);

// The highest applied version (0 for an empty store).
int schema_version(Database& db);

// Names of the migrations this binary has that the store has not applied yet.
Result<std::vector<std::string>> pending_migrations(Database& db,
                                                    const assets::AssetSource& assets);

struct MigrationReport {
  int from = 0;
  int to = 0;
  std::vector<std::string> applied;  // "0002_search"
  std::string backup_path;           // empty when no backup was needed
};

// Applies what is pending. backup_dir is where SQLite's pre-migration snapshot goes.
Result<MigrationReport> migrate(Database& db, const assets::AssetSource& assets,
                                const std::string& backup_dir, const Clock& clock);

}  // namespace jalon::store
