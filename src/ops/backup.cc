#include "ops/backup.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "access/keys.h"
#include "core/subprocess.h"
#include "store/migrations.h"

namespace jalon::ops {
namespace fs = std::filesystem;
namespace {

// What an archive holds besides the store: everything a restored server needs to read its data.
constexpr const char* kSideDirs[] = {"keys", "uploads", "audit"};
constexpr auto kToolDeadline = std::chrono::minutes(30);

std::string quote_ident(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::vector<std::string> table_names(store::Tx& tx) {
  std::vector<std::string> out;
  auto rows = tx.engine() == store::Engine::kSqlite
                  ? tx.query(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                        "LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
                  : tx.query(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema "
                        "= current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
  for (const auto& r : rows) out.push_back(r.text(0));
  return out;
}

std::string timestamp(Millis now) {
  std::time_t t = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string file_sha256(const fs::path& p) {
  auto data = subprocess::read_file(p);
  if (!data) throw std::runtime_error("cannot read " + p.string());
  return access::sha256_hex(*data);
}

// Every regular file under root, as paths relative to it, sorted.
std::vector<std::string> files_under(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void run_tool(const std::vector<std::string>& args, const fs::path& scratch,
              const std::string& what) {
  fs::path log = scratch / (what + ".log");
  if (!subprocess::run(args, log, scratch, std::chrono::steady_clock::now() + kToolDeadline)) {
    throw std::runtime_error(what + " failed: " + subprocess::log_tail(log));
  }
}

std::string hashes_text(const TableHashes& h) {
  std::string out;
  for (const auto& [table, value] : h) out += table + " " + value + "\n";
  return out;
}

TableHashes parse_hashes(const std::string& text) {
  TableHashes h;
  std::istringstream in(text);
  std::string table, value;
  while (in >> table >> value) h[table] = value;
  return h;
}

void totals(const TableHashes& h, int& tables, int64_t& rows) {
  tables = static_cast<int>(h.size());
  rows = 0;
  for (const auto& [t, v] : h) rows += std::stoll(v.substr(0, v.find(':')));
}

}  // namespace

TableHashes table_hashes(store::Tx& tx) {
  TableHashes out;
  for (const auto& table : table_names(tx)) {
    std::vector<std::string> lines;
    for (const auto& row : tx.query("SELECT * FROM " + quote_ident(table))) {
      std::string line;
      for (const auto& cell : row.cells) {
        line += cell.is_null() ? std::string("\x01N") : cell.to_string();
        line += '\x1f';
      }
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    std::string all;
    for (const auto& l : lines) all += l + '\x1e';
    out[table] = std::to_string(lines.size()) + ":" + access::sha256_hex(all);
  }
  return out;
}

TableHashes table_hashes(store::Database& db) {
  auto tx = db.read();
  auto h = table_hashes(tx);
  tx.commit();
  return h;
}

BackupResult backup(store::Database& db, const BackupOptions& options, const Clock& clock) {
  fs::path out_dir =
      options.out_dir.empty() ? fs::path(options.data_dir) / "backups" : fs::path(options.out_dir);
  fs::create_directories(out_dir);
  out_dir = fs::absolute(out_dir);
  subprocess::Scratch scratch("jalon-backup");
  fs::path stage = scratch.dir / "archive";
  fs::create_directories(stage);

  std::string info = "engine=" + std::string(store::engine_name(db.engine())) + "\n";
  TableHashes hashes;
  if (db.engine() == store::Engine::kSqlite) {
    db.backup_to((stage / "jalon.db").string());
    info += std::string("sqlite_version=") + sqlite3_libversion() + "\n";
    // The hashes of the copy itself: exactly what the archive holds.
    auto copy = store::open_database({.data_dir = stage.string(), .readers = 1});
    hashes = table_hashes(*copy);
  } else {
    auto tx = db.read();  // REPEATABLE READ: the dump below shares its snapshot
    auto snap = tx.query_one("SELECT pg_export_snapshot(), current_setting('server_version')");
    run_tool({"pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--snapshot=" + snap->text(0), "--file=" + (stage / "postgres.dump").string(),
              "--dbname=" + options.database_url},
             scratch.dir, "pg_dump");
    info += "postgresql_version=" + snap->text(1) + "\n";
    hashes = table_hashes(tx);
    tx.commit();
  }
  info += "schema_version=" + std::to_string(store::schema_version(db)) + "\n";
  info += "created_at=" + timestamp(clock.now_ms()) + "\n";
  subprocess::write_file(stage / "INFO", info);
  subprocess::write_file(stage / "TABLES", hashes_text(hashes));
  for (const char* dir : kSideDirs) {
    fs::path from = fs::path(options.data_dir) / dir;
    if (fs::is_directory(from)) fs::copy(from, stage / dir, fs::copy_options::recursive);
  }
  std::string manifest;
  int files = 0;
  for (const auto& rel : files_under(stage)) {
    manifest += file_sha256(stage / rel) + "  " + rel + "\n";
    ++files;
  }
  subprocess::write_file(stage / "MANIFEST.sha256", manifest);

  std::string name = "jalon-backup-" + timestamp(clock.now_ms()) + ".tar";
  fs::path partial = out_dir / (name + ".partial");
  run_tool({"tar", "--create", "--file=" + partial.string(), "--directory=" + stage.string(),
            "--sort=name", "."},
           scratch.dir, "tar");
  fs::path archive = out_dir / name;
  for (int n = 2; fs::exists(archive); ++n) {
    archive =
        out_dir / ("jalon-backup-" + timestamp(clock.now_ms()) + "-" + std::to_string(n) + ".tar");
  }
  fs::rename(partial, archive);
  BackupResult r;
  r.archive = archive.string();
  r.bytes = static_cast<int64_t>(fs::file_size(archive));
  r.files = files;
  totals(hashes, r.tables, r.rows);
  return r;
}

RestoreResult restore(const RestoreOptions& options) {
  fs::path data_dir = fs::absolute(options.data_dir);
  fs::create_directories(data_dir);
  for (const char* name : {"jalon.db", "keys", "uploads"}) {
    if (fs::exists(data_dir / name)) {
      throw std::runtime_error(
          "restore needs an empty data directory: " + (data_dir / name).string() + " exists");
    }
  }
  fs::path stage = data_dir / ".restore";
  fs::remove_all(stage);
  fs::create_directories(stage);
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{stage};
  run_tool({"tar", "--extract", "--no-same-owner", "--no-same-permissions",
            "--file=" + fs::absolute(options.archive).string(), "--directory=" + stage.string()},
           data_dir, "tar");

  for (const auto& e : fs::recursive_directory_iterator(stage)) {
    // A link could point outside the data directory: only plain files and directories.
    if (e.is_symlink() || (!e.is_regular_file() && !e.is_directory())) {
      throw std::runtime_error("not a regular file in the archive: " +
                               e.path().lexically_relative(stage).string());
    }
  }
  // Every file must be in the manifest with its checksum, and every listed file present.
  auto manifest = subprocess::read_file(stage / "MANIFEST.sha256");
  if (!manifest) throw std::runtime_error("not a Jalon backup: MANIFEST.sha256 is missing");
  std::set<std::string> listed;
  std::istringstream lines(*manifest);
  std::string sum, rel;
  while (lines >> sum >> rel) {
    if (rel.find("..") != std::string::npos || rel.starts_with("/")) {
      throw std::runtime_error("manifest names a path outside the archive: " + rel);
    }
    if (!fs::is_regular_file(stage / rel)) throw std::runtime_error("missing from archive: " + rel);
    if (file_sha256(stage / rel) != sum) throw std::runtime_error("checksum mismatch: " + rel);
    listed.insert(rel);
  }
  for (const auto& f : files_under(stage)) {
    if (f != "MANIFEST.sha256" && !listed.contains(f)) {
      throw std::runtime_error("file not in the manifest: " + f);
    }
  }
  auto info = subprocess::read_file(stage / "INFO").value_or("");
  auto recorded = parse_hashes(subprocess::read_file(stage / "TABLES").value_or(""));
  bool pg = info.find("engine=postgresql") != std::string::npos;
  RestoreResult r;
  r.engine = pg ? "postgresql" : "sqlite";
  r.files = static_cast<int>(listed.size());

  std::unique_ptr<store::Database> db;
  if (pg) {
    if (options.database_url.empty()) {
      throw std::runtime_error("this archive holds a PostgreSQL store: give --database");
    }
    db =
        store::open_database({.data_dir = data_dir.string(), .database_url = options.database_url});
    {
      auto tx = db->read();
      if (!table_names(tx).empty()) {
        throw std::runtime_error("restore needs an empty PostgreSQL database");
      }
      tx.commit();
    }
    run_tool(
        {"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "--dbname=" + options.database_url, (stage / "postgres.dump").string()},
        stage, "pg_restore");
  } else {
    if (!options.database_url.empty()) {
      throw std::runtime_error("this archive holds a SQLite store: leave --database out");
    }
    // Checked where it was extracted; moved in place only once it passed.
    db = store::open_database({.data_dir = stage.string(), .readers = 1});
  }
  if (auto problems = db->check_integrity(); !problems.empty()) {
    throw std::runtime_error("restored store fails its integrity check: " + problems.front());
  }
  auto now = table_hashes(*db);
  if (now != recorded) {
    for (const auto& [t, v] : recorded) {
      if (now[t] != v) throw std::runtime_error("restored table " + t + " differs from the backup");
    }
    throw std::runtime_error("restored store has tables the backup did not record");
  }
  totals(now, r.tables, r.rows);
  db.reset();  // SQLite: the last close checkpoints and removes the WAL
  if (!pg) fs::rename(stage / "jalon.db", data_dir / "jalon.db");
  for (const char* dir : kSideDirs) {
    if (fs::is_directory(stage / dir)) fs::rename(stage / dir, data_dir / dir);
  }
  return r;
}

std::vector<std::string> prune_backups(const std::string& dir, int keep_daily, int keep_monthly) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (e.is_regular_file() && n.starts_with("jalon-backup-") && n.ends_with(".tar")) {
      names.push_back(n);
    }
  }
  // The timestamp in the name sorts chronologically: newest first.
  std::sort(names.rbegin(), names.rend());
  std::set<std::string> months;
  std::vector<std::string> deleted;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string month = names[i].substr(13, 6);  // YYYYMM after "jalon-backup-"
    bool keep = static_cast<int>(i) < keep_daily;
    if (!months.contains(month) && static_cast<int>(months.size()) < keep_monthly) {
      months.insert(month);
      keep = true;
    }
    if (!keep) {
      fs::remove(fs::path(dir) / names[i]);
      deleted.push_back(names[i]);
    }
  }
  return deleted;
}

}  // namespace jalon::ops
