#include "store/migrations.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/dates.h"
#include "store/search.h"

namespace jalon::store {
namespace {

struct Variant {
  std::string name, portable, sqlite, postgres;
};

// Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on `table`.
std::string append_only_ddl(Engine engine, const std::string& table) {
  std::string refused = "'" + table + " is append-only'";
  if (engine == Engine::kSqlite) {
    return "CREATE TRIGGER " + table + "_no_update BEFORE UPDATE ON " + table +
           "\nBEGIN SELECT RAISE(ABORT, " + refused + "); END;\nCREATE TRIGGER " + table +
           "_no_delete BEFORE DELETE ON " + table + "\nBEGIN SELECT RAISE(ABORT, " + refused +
           "); END;";
  }
  std::string fn = table + "_append_only()";
  return "CREATE FUNCTION " + fn + " RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE " +
         "EXCEPTION " + refused + ";\nEND;\n$$;\nCREATE TRIGGER " + table +
         "_no_update BEFORE UPDATE OR DELETE ON " + table + "\n  FOR EACH ROW EXECUTE FUNCTION " +
         fn + ";\nCREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table +
         "\n  FOR EACH STATEMENT EXECUTE FUNCTION " + fn + ";";
}

// The line directives (@search_index, @search_vocabulary, @append_only) and the column type
// @blob (BLOB on SQLite, BYTEA on PostgreSQL) of a portable migration.
std::string expand_directives(const std::string& sql, Engine engine) {
  std::istringstream in(sql);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.starts_with("@search_index ")) {
      out += search_index_ddl(engine, line.substr(14));
    } else if (line.starts_with("@search_vocabulary ")) {
      out += search_vocabulary_ddl(engine, line.substr(19));
    } else if (line.starts_with("@append_only ")) {
      out += append_only_ddl(engine, line.substr(13));
    } else {
      if (auto at = line.find("@blob"); at != std::string::npos) {
        line.replace(at, 5, engine == Engine::kSqlite ? "BLOB" : "BYTEA");
      }
      out += line;
    }
    out += '\n';
  }
  return out;
}

void ensure_table(Database& db) {
  auto tx = db.write();
  tx.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  tx.commit();
}

}  // namespace

Result<std::vector<Migration>> load_migrations(const assets::AssetSource& assets, Engine engine) {
  std::map<int, Variant> by_version;
  for (const auto& path : assets.list("migrations/")) {
    std::string file = path.substr(std::string_view("migrations/").size());
    if (!file.ends_with(".sql")) continue;
    if (file.size() < 6 || file[4] != '_' ||
        !std::all_of(file.begin(), file.begin() + 4, ::isdigit)) {
      return Error::invalid("migration file name must be NNNN_name.sql", file);
    }
    int version = std::stoi(file.substr(0, 4));
    std::string stem = file.substr(5, file.size() - 9);
    std::string* slot;
    auto& v = by_version[version];
    if (stem.ends_with(".sqlite")) {
      stem.resize(stem.size() - 7);
      slot = &v.sqlite;
    } else if (stem.ends_with(".postgres")) {
      stem.resize(stem.size() - 9);
      slot = &v.postgres;
    } else {
      slot = &v.portable;
    }
    if (!v.name.empty() && v.name != stem) {
      return Error::invalid("two migrations share number " + std::to_string(version), file);
    }
    v.name = stem;
    *slot = *assets.get(path);
  }
  std::vector<Migration> out;
  for (auto& [version, v] : by_version) {
    std::string label = std::to_string(version) + "_" + v.name;
    std::string sql = v.portable;
    const std::string& specific = engine == Engine::kSqlite ? v.sqlite : v.postgres;
    if (!v.portable.empty() && (!v.sqlite.empty() || !v.postgres.empty())) {
      return Error::invalid("a migration is either portable or split by engine", label);
    }
    if (v.portable.empty()) {
      if (v.sqlite.empty() || v.postgres.empty()) {
        return Error::invalid(
            "an engine-specific migration needs both .sqlite.sql and "
            ".postgres.sql",
            label);
      }
      sql = specific;
    }
    char num[8];
    std::snprintf(num, sizeof num, "%04d", version);
    out.push_back({version, std::string(num) + "_" + v.name, expand_directives(sql, engine)});
  }
  return out;
}

int schema_version(Database& db) {
  ensure_table(db);
  auto tx = db.read();
  auto row = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  tx.commit();
  return static_cast<int>(row->i64(0));
}

namespace {
std::set<int64_t> applied_versions(Database& db) {
  ensure_table(db);
  std::set<int64_t> applied;
  auto tx = db.read();
  for (const auto& r : tx.query("SELECT version FROM schema_migrations")) applied.insert(r.i64(0));
  tx.commit();
  return applied;
}
}  // namespace

Result<std::vector<std::string>> pending_migrations(Database& db,
                                                    const assets::AssetSource& assets) {
  auto all = load_migrations(assets, db.engine());
  if (!all.ok()) return all.error();
  auto applied = applied_versions(db);
  std::vector<std::string> out;
  for (const auto& m : *all) {
    if (!applied.contains(m.version)) out.push_back(m.name);
  }
  return out;
}

Result<MigrationReport> migrate(Database& db, const assets::AssetSource& assets,
                                const std::string& backup_dir, const Clock& clock) {
  auto all = load_migrations(assets, db.engine());
  if (!all.ok()) return all.error();
  MigrationReport report;
  report.from = schema_version(db);
  report.to = report.from;
  std::set<int64_t> applied = applied_versions(db);
  std::vector<const Migration*> pending;
  for (const auto& m : *all) {
    if (!applied.contains(m.version)) pending.push_back(&m);
  }
  if (!all->empty() && report.from > all->back().version) {
    return Error::internal("the store is at schema version " + std::to_string(report.from) +
                           ", newer than this binary knows (" +
                           std::to_string(all->back().version) + "): upgrade jalon");
  }
  if (pending.empty()) return report;
  if (db.engine() == Engine::kSqlite && report.from > 0) {
    std::filesystem::create_directories(backup_dir);
    std::string stamp = dates::rfc3339_utc(clock.now_ms());
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    report.backup_path = (std::filesystem::path(backup_dir) /
                          ("pre-migration-v" + std::to_string(report.from) + "-" + stamp + ".db"))
                             .string();
    db.backup_to(report.backup_path);
  }
  for (const Migration* m : pending) {
    auto tx = db.write();
    try {
      tx.exec_script(m->sql);
      tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
              {m->version, m->name, clock.now_ms()});
      tx.commit();
    } catch (const StoreError& e) {
      return Error::internal("migration " + m->name + " failed: " + e.what());
    }
    report.applied.push_back(m->name);
    report.to = std::max(report.to, m->version);
  }
  return report;
}

}  // namespace jalon::store
