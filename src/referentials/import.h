// The machinery every referential import shares. An import runs in one write transaction: it
// commits only when every file has been read without error, so a failure leaves the store as it
// was. Rows go through TableLoaders, which upsert by key and count what changed, so importing the
// same file twice changes nothing, and which then remove the rows of the import's scope (a
// dataset, or one vintage of it) that the file no longer has. A scope column lets editions live
// side by side: BMO 2025 is added beside BMO 2024, never over it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "referentials/import_error.h"
#include "referentials/progress.h"
#include "referentials/table.h"
#include "store/database.h"

namespace jalon::referentials {

struct TableCounts {
  std::string table;
  int64_t added = 0, updated = 0, unchanged = 0, removed = 0;
};

struct ImportSummary {
  std::string dataset;             // "rome", "bmo" …
  std::string edition;             // "v347", "2024" … (empty when the data has none)
  std::vector<std::string> files;  // base names of the files read
  int64_t rows_read = 0;           // data rows (or JSON elements) read from the files
  int64_t rows_skipped = 0;        // rows read but not kept, by rule (see each importer)
  std::vector<TableCounts> tables;
  // Inconsistencies in the files that the import resolved by a documented rule (French).
  std::vector<std::string> warnings;
  int64_t elapsed_ms = 0;

  int64_t added() const { return total(&TableCounts::added); }
  int64_t updated() const { return total(&TableCounts::updated); }
  int64_t unchanged() const { return total(&TableCounts::unchanged); }
  int64_t removed() const { return total(&TableCounts::removed); }
  int64_t total(int64_t TableCounts::*count) const;
  bool changed() const { return added() + updated() + removed() > 0; }
  // Records a table's counts; a table loaded from several files adds up.
  void add(const TableCounts& counts);
};

// The summary printed at the end of `jalon import`, in French, one line per table.
std::string format_summary(const ImportSummary& s);

struct TableSpec {
  std::string table;
  std::vector<std::string> columns;  // the key columns first
  std::size_t key_columns = 1;
  // When set, rows holding another value in this column belong to another edition or source:
  // the import neither updates nor removes them.
  std::string scope_column;
  // A denormalised file repeats the same entity on many rows (a domain on each of its jobs):
  // repeats with identical values are folded into one. Otherwise a repeated key is an error.
  bool repeats_allowed = false;
  // A directory fed by several files (establishments of one département, then another): rows
  // the file does not have are kept rather than removed.
  bool keep_unseen = false;
};

class TableLoader {
 public:
  // `scope` is the value of spec.scope_column this import owns (ignored without a scope column).
  TableLoader(store::Tx& tx, TableSpec spec, store::Value scope = {});

  // One row, values in spec.columns order. ImportError at `where` when the key was already seen
  // (with other values, or at all unless repeats are allowed).
  void add(store::Params row, const Location& where);
  // Writes what is buffered, removes the scope's rows not seen, and returns the counts.
  TableCounts finish();

 private:
  void flush();
  std::string upsert_sql(std::size_t rows) const;
  std::string key_of(const store::Params& row) const;
  int64_t count_rows();

  store::Tx& tx_;
  TableSpec spec_;
  store::Value scope_;
  std::size_t scope_index_ = 0;
  std::size_t batch_rows_ = 1;
  std::string full_batch_sql_;
  store::Params pending_;
  std::size_t pending_rows_ = 0;
  // key -> (hash of the other values, where it was first seen)
  std::unordered_map<std::string, std::pair<std::size_t, std::string>> seen_;
  int64_t before_ = 0;
  int64_t changed_ = 0;
};

// Book-keeping of one file read by an import: its name and rows go into the summary, with the
// counts of the tables it loaded (finish() is called on each loader).
void record_file(ImportSummary& s, const std::string& file, int64_t rows,
                 std::initializer_list<TableLoader*> loaders, int64_t skipped = 0);
void record_file(ImportSummary& s, const TableReader& in,
                 std::initializer_list<TableLoader*> loaders, int64_t skipped = 0);

struct ImportOptions {
  Progress* progress = nullptr;  // NullProgress when null
  const Clock* clock = nullptr;  // SystemClock when null (the time recorded for the import)
};

// Runs `body` in one write transaction and commits it when it returns. An ImportError becomes
// Error::invalid with the message naming file, line and column; a StoreError becomes
// Error::unavailable (Error::internal for a constraint violation: the importer should have
// caught it). When something changed, the dataset's edition is recorded in
// referential_datasets.
Result<ImportSummary> run_import(
    store::Database& db, const ImportOptions& options, std::string dataset,
    const std::function<void(store::Tx&, ImportSummary&, Progress&)>& body);

// The number of rows in a referential table (used by `import all --only-missing` and tests).
// `table` must be one of the names the importers use.
int64_t count_rows(store::Database& db, const std::string& table);

}  // namespace jalon::referentials
