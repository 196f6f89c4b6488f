// A table-shaped source (a CSV file or a worksheet of an .xlsx workbook) read row by row, its
// columns found by header name rather than position, so a producer reordering or adding columns
// changes nothing. Field accessors validate as they read (UTF-8, integers, decimals) and raise an
// ImportError naming the file, the line and the column. The reader reports its progress through
// the file to a Progress.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referentials/import_error.h"
#include "referentials/progress.h"
#include "referentials/source.h"

namespace jalon::referentials {

struct Column {
  std::size_t index = 0;
  std::string name;  // as written in the header
};

// A header name reduced to what identifies it: folded, letters and digits only
// ("Code métier BMO" and "code_metier_bmo" both give "codemetierbmo").
std::string normalize_header(std::string_view name);

class TableReader {
 public:
  virtual ~TableReader() = default;

  // Moves to the next data row, skipping rows whose every field is empty; false at the end.
  bool next();

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  // Line (CSV) or row (xlsx) where the current row starts, 1-based.
  int64_t line() const { return line_; }
  // Data rows read so far.
  int64_t rows() const { return rows_; }

  // The column whose header is one of `names` (any alias); ImportError when none is present.
  Column column(std::initializer_list<std::string_view> names) const;
  std::optional<Column> find_column(std::initializer_list<std::string_view> names) const;
  // The first column whose normalised header satisfies `match`, described for the error message.
  Column column_where(std::string_view description,
                      const std::function<bool(std::string_view normalized)>& match) const;

  // The cell as read (empty beyond the end of a short row).
  std::string_view raw(const Column& c) const;
  // Trimmed text; ImportError if it is not valid UTF-8.
  std::string text(const Column& c) const;
  // Trimmed text that must not be empty.
  std::string required(const Column& c) const;
  int64_t integer(const Column& c) const;
  std::optional<int64_t> optional_integer(const Column& c) const;  // empty cell: nullopt
  double decimal(const Column& c) const;

  [[noreturn]] void fail(const Column& c, const std::string& reason) const;
  [[noreturn]] void fail(const std::string& reason) const;
  Location where(const Column* c = nullptr) const;

 protected:
  TableReader(std::string file, Progress* progress, bool doubled_apostrophes);
  // Reads the next non-empty row; false at the end.
  virtual bool read_row(std::vector<std::string>& cells, int64_t& line) = 0;
  virtual uint64_t position() const = 0;
  virtual uint64_t size() const = 0;
  // Checks a data row's shape once it is read (CSV: same number of fields as the header).
  virtual void check_row() const {}
  // ImportError unless the row has as many fields as the header (`hint` ends the message).
  void check_width(const std::string& hint = {}) const;
  // Reads the first row as the header; ImportError when the table is empty.
  void read_header();

  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::string> cells_;
  int64_t line_ = 0;

 private:
  Progress* progress_;
  bool doubled_apostrophes_;
  int64_t rows_ = 0;
  bool ended_ = false;
};

// A table read from a text file (CSV, pg_dump): progress is the position in that file.
class TextTable : public TableReader {
 protected:
  TextTable(const std::string& path, Encoding encoding, Progress* progress,
            bool doubled_apostrophes);
  uint64_t position() const override { return source_.position(); }
  uint64_t size() const override { return source_.size(); }

  TextSource source_;
};

struct TableOptions {
  char separator = ',';
  Encoding encoding = Encoding::kUtf8;
  // ROME's CSV files come from an Oracle export that writes every ' as '': undo it.
  bool doubled_apostrophes = false;
  // .xlsx: read the first worksheet whose header holds all these columns (default: the first).
  std::vector<std::string> sheet_columns;
  Progress* progress = nullptr;
};

// Opens a CSV file (optionally .gz) or an .xlsx workbook, by the file name's extension, and reads
// its header row.
std::unique_ptr<TableReader> open_table(const std::string& path, const TableOptions& options);

}  // namespace jalon::referentials
