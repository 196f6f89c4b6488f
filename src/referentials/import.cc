#include "referentials/import.h"

#include <chrono>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace jalon::referentials {
namespace {

// SQLite binds at most 32 766 parameters per statement, PostgreSQL 65 535; a few hundred rows per
// statement already removes most round trips.
constexpr std::size_t kMaxParams = 4000;
constexpr std::size_t kMaxRows = 250;

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// "(?, ?), (?, ?)" for `rows` rows of `width` values.
void append_value_rows(std::string& sql, std::size_t rows, std::size_t width) {
  sql.reserve(sql.size() + rows * (width * 3 + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (std::size_t i = 0; i < width; ++i) sql += i ? ",?" : "?";
    sql += ')';
  }
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// "53 443": thousands separated the French way.
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace

int64_t ImportSummary::total(int64_t TableCounts::*count) const {
  return std::accumulate(tables.begin(), tables.end(), int64_t{0},
                         [count](int64_t sum, const TableCounts& t) { return sum + t.*count; });
}

void ImportSummary::add(const TableCounts& c) {
  for (auto& t : tables) {
    if (t.table == c.table) {
      t.added += c.added;
      t.updated += c.updated;
      t.unchanged += c.unchanged;
      t.removed += c.removed;
      return;
    }
  }
  tables.push_back(c);
}

std::string format_summary(const ImportSummary& s) {
  char head[256];
  double seconds = static_cast<double>(s.elapsed_ms) / 1000.0;
  int64_t per_second = s.elapsed_ms > 0 ? s.rows_read * 1000 / s.elapsed_ms : s.rows_read;
  std::snprintf(head, sizeof head, "%.2f s", seconds);
  std::string secs = head;
  for (char& c : secs) {
    if (c == '.') c = ',';
  }
  std::string out = s.dataset + (s.edition.empty() ? "" : " " + s.edition) + " : " +
                    grouped(s.rows_read) + " lignes lues en " + secs + " (" + grouped(per_second) +
                    " lignes/s), " + grouped(s.rows_skipped) + " écartées\n";
  auto line = [&](const std::string& name, int64_t a, int64_t u, int64_t k, int64_t r) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "  %-28s ajoutées %9s  modifiées %9s  inchangées %9s  supprimées %9s\n",
                  name.c_str(), grouped(a).c_str(), grouped(u).c_str(), grouped(k).c_str(),
                  grouped(r).c_str());
    out += buf;
  };
  for (const auto& t : s.tables) line(t.table, t.added, t.updated, t.unchanged, t.removed);
  if (s.tables.size() > 1) line("total", s.added(), s.updated(), s.unchanged(), s.removed());
  for (const auto& w : s.warnings) out += "  attention : " + w + "\n";
  return out;
}

TableLoader::TableLoader(store::Tx& tx, TableSpec spec, store::Value scope)
    : tx_(tx), spec_(std::move(spec)), scope_(std::move(scope)) {
  if (!is_identifier(spec_.table) || spec_.columns.empty() || spec_.key_columns == 0 ||
      spec_.key_columns > spec_.columns.size()) {
    throw std::invalid_argument("bad table spec for " + spec_.table);
  }
  for (const auto& c : spec_.columns) {
    if (!is_identifier(c)) throw std::invalid_argument("bad column name " + c);
  }
  if (!spec_.scope_column.empty()) {
    auto it = std::find(spec_.columns.begin(), spec_.columns.end(), spec_.scope_column);
    if (it == spec_.columns.end()) throw std::invalid_argument("scope column is not a column");
    scope_index_ = static_cast<std::size_t>(it - spec_.columns.begin());
  }
  batch_rows_ = std::max<std::size_t>(1, std::min(kMaxRows, kMaxParams / spec_.columns.size()));
  full_batch_sql_ = upsert_sql(batch_rows_);
  before_ = count_rows();
}

int64_t TableLoader::count_rows() {
  return tx_.query_one("SELECT COUNT(*) FROM " + spec_.table)->i64(0);
}

std::string TableLoader::upsert_sql(std::size_t rows) const {
  const auto& cols = spec_.columns;
  std::string sql = "INSERT INTO " + spec_.table + " (" + join(cols, ", ") + ") VALUES ";
  append_value_rows(sql, rows, cols.size());
  std::vector<std::string> keys(cols.begin(), cols.begin() + spec_.key_columns);
  sql += " ON CONFLICT (" + join(keys, ", ") + ") DO ";
  if (spec_.key_columns == cols.size()) return sql + "NOTHING";
  std::vector<std::string> sets, differs;
  for (std::size_t i = spec_.key_columns; i < cols.size(); ++i) {
    sets.push_back(cols[i] + " = excluded." + cols[i]);
    differs.push_back(spec_.table + "." + cols[i] + " IS DISTINCT FROM excluded." + cols[i]);
  }
  sql += "UPDATE SET " + join(sets, ", ") + " WHERE (" + join(differs, " OR ") + ")";
  if (!spec_.scope_column.empty()) {
    sql += " AND " + spec_.table + "." + spec_.scope_column + " = excluded." + spec_.scope_column;
  }
  return sql;
}

std::string TableLoader::key_of(const store::Params& row) const {
  std::string key;
  for (std::size_t i = 0; i < spec_.key_columns; ++i) {
    key += row[i].to_string();
    key += '\x1f';
  }
  return key;
}

void TableLoader::add(store::Params row, const Location& where) {
  if (row.size() != spec_.columns.size()) {
    throw std::invalid_argument("row width does not match " + spec_.table);
  }
  if (!spec_.scope_column.empty()) row[scope_index_] = scope_;
  std::string rest;
  for (std::size_t i = spec_.key_columns; i < row.size(); ++i) {
    rest += row[i].to_string();
    rest += row[i].is_null() ? '\x1e' : '\x1f';
  }
  std::size_t hash = std::hash<std::string>{}(rest);
  std::string key = key_of(row);
  std::string place = where.where.empty() ? where.file : where.where;
  auto [it, fresh] = seen_.try_emplace(std::move(key), hash, place);
  if (!fresh) {
    if (spec_.repeats_allowed && it->second.first == hash) return;
    std::string shown;
    for (std::size_t i = 0; i < spec_.key_columns; ++i) {
      shown += (i ? ", " : "") + spec_.columns[i] + " = " + row[i].to_string();
    }
    throw ImportError(where, "clé en double (" + shown + ") : déjà vue " + it->second.second +
                                 (spec_.repeats_allowed ? " avec d'autres valeurs" : ""));
  }
  for (auto& v : row) pending_.push_back(std::move(v));
  if (++pending_rows_ == batch_rows_) flush();
}

void TableLoader::flush() {
  if (pending_rows_ == 0) return;
  changed_ += tx_.exec(pending_rows_ == batch_rows_ ? full_batch_sql_ : upsert_sql(pending_rows_),
                       pending_);
  pending_.clear();
  pending_rows_ = 0;
}

TableCounts TableLoader::finish() {
  flush();
  TableCounts counts{spec_.table};
  int64_t after = count_rows();
  counts.added = after - before_;
  counts.updated = changed_ - counts.added;
  counts.unchanged = static_cast<int64_t>(seen_.size()) - changed_;
  if (spec_.keep_unseen) return counts;
  // Rows of this scope that the file no longer has.
  std::vector<std::string> keys(spec_.columns.begin(), spec_.columns.begin() + spec_.key_columns);
  std::string select = "SELECT " + join(keys, ", ") + " FROM " + spec_.table;
  store::Params scope_param;
  if (!spec_.scope_column.empty()) {
    select += " WHERE " + spec_.scope_column + " = ?";
    scope_param.push_back(scope_);
  }
  std::string del = "DELETE FROM " + spec_.table + " WHERE ";
  for (std::size_t i = 0; i < keys.size(); ++i) del += (i ? " AND " : "") + keys[i] + " = ?";
  for (const auto& r : tx_.query(select, scope_param)) {
    if (seen_.contains(key_of(r.cells))) continue;
    counts.removed += tx_.exec(del, r.cells);
  }
  return counts;
}

void record_file(ImportSummary& s, const std::string& file, int64_t rows,
                 std::initializer_list<TableLoader*> loaders, int64_t skipped) {
  s.files.push_back(file);
  s.rows_read += rows;
  s.rows_skipped += skipped;
  for (TableLoader* l : loaders) s.add(l->finish());
}

void record_file(ImportSummary& s, const TableReader& in,
                 std::initializer_list<TableLoader*> loaders, int64_t skipped) {
  record_file(s, in.file(), in.rows(), loaders, skipped);
}

Result<ImportSummary> run_import(
    store::Database& db, const ImportOptions& options, std::string dataset,
    const std::function<void(store::Tx&, ImportSummary&, Progress&)>& body) {
  NullProgress quiet;
  Progress& progress = options.progress ? *options.progress : quiet;
  SystemClock system_clock;
  const Clock& clock = options.clock ? *options.clock : system_clock;
  auto t0 = std::chrono::steady_clock::now();
  ImportSummary summary;
  summary.dataset = std::move(dataset);
  try {
    auto tx = db.write();
    body(tx, summary, progress);
    if (summary.changed()) {
      std::string files = join(summary.files, ", ");
      tx.exec(
          "INSERT INTO referential_datasets (dataset, edition, files, rows_read, imported_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset, edition) DO UPDATE SET files = "
          "excluded.files, rows_read = excluded.rows_read, imported_at = excluded.imported_at",
          {summary.dataset, summary.edition, files, summary.rows_read, clock.now_ms()});
    }
    tx.commit();
  } catch (const ImportError& e) {
    return Error::invalid(e.what(), e.where().column);
  } catch (const store::StoreError& e) {
    // A constraint the importer's own checks let through is a bug, not the file's fault.
    if (e.kind() == store::StoreError::Kind::kConstraint) {
      return Error::internal(std::string("import refused by the store: ") + e.what());
    }
    return Error::unavailable(std::string("écriture impossible dans la base : ") + e.what());
  }
  summary.elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  return summary;
}

int64_t count_rows(store::Database& db, const std::string& table) {
  if (!is_identifier(table)) throw std::invalid_argument("bad table name");
  auto tx = db.read();
  int64_t n = tx.query_one("SELECT COUNT(*) FROM " + table)->i64(0);
  tx.commit();
  return n;
}

}  // namespace jalon::referentials
