// Reading .xlsx workbooks as France Travail publishes them (Office Open XML): the zip container is
// opened with minizip, the workbook's sheet list and the shared-string table are loaded once, and
// a worksheet's XML is streamed in chunks, each <row> element parsed on its own with pugixml, so
// memory is bounded by the shared strings and one row, not by the sheet (the BMO sheet is 28 MB
// of XML). Cells are returned as text, in column order, with gaps for omitted empty cells.
// A hostile workbook cannot exhaust memory or time: every zip entry's uncompressed size is
// bounded (counted while inflating, whatever the archive declares), so is one row's XML, and a
// cell reference beyond Excel's last column (XFD) is an ImportError naming file, row and cell.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "referentials/table.h"

namespace jalon::referentials {

struct XlsxLimits {
  uint64_t part_bytes = 64ull << 20;  // a part read whole: workbook, relationships, strings
  uint64_t sheet_bytes = 1ull << 30;  // a streamed worksheet (the BMO sheet is 28 MB)
  std::size_t row_bytes = 8u << 20;   // the XML of one <row> element
};

class XlsxWorkbook {
 public:
  struct Sheet {
    std::string name;
    std::string path;  // inside the zip, e.g. "xl/worksheets/sheet2.xml"
  };

  // Opens the archive and reads the workbook, its relationships and the shared strings.
  // ImportError when the file is not a readable workbook (truncated, not a zip, no sheet).
  explicit XlsxWorkbook(const std::string& path, XlsxLimits limits = {});
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  const std::string& file() const { return file_; }
  const std::vector<Sheet>& sheets() const { return sheets_; }

  // Starts streaming a sheet's rows; only one sheet is open at a time.
  void open_sheet(std::size_t index);
  // The next non-empty row of the open sheet: false at its end. `row` is the sheet's row number.
  bool next_row(std::vector<std::string>& cells, int64_t& row);
  // Uncompressed bytes of the open sheet read so far, and its total size.
  uint64_t sheet_position() const { return consumed_ + scan_; }
  uint64_t sheet_size() const { return sheet_size_; }

 private:
  void load(const std::string& path);
  std::string read_entry(const std::string& name);
  void close_sheet();
  bool fill();
  [[noreturn]] void fail(const std::string& reason, const std::string& entry = {}) const;
  [[noreturn]] void fail_at(int64_t row, const std::string& cell, const std::string& reason) const;
  void parse_row(std::string_view xml, std::vector<std::string>& cells, int64_t& row);

  std::string file_;
  XlsxLimits limits_;
  void* zip_ = nullptr;  // unzFile
  std::vector<Sheet> sheets_;
  std::vector<std::string> shared_;
  // The open sheet.
  std::string sheet_path_;
  bool sheet_open_ = false;
  bool sheet_eof_ = false;
  std::string buf_;
  std::size_t scan_ = 0;
  uint64_t consumed_ = 0;
  uint64_t sheet_size_ = 0;
  int64_t last_row_ = 0;
  std::string prefix_;  // namespace prefix of the sheet's elements ("" or "x:")
  bool prefix_known_ = false;
};

// The worksheet of a workbook as a TableReader (see TableOptions::sheet_columns).
class XlsxTable final : public TableReader {
 public:
  XlsxTable(const std::string& path, const TableOptions& options);

 protected:
  bool read_row(std::vector<std::string>& cells, int64_t& line) override;
  uint64_t position() const override { return book_.sheet_position(); }
  uint64_t size() const override { return book_.sheet_size(); }

 private:
  XlsxWorkbook book_;
  bool header_pending_ = false;  // the header row was read while choosing the sheet
};

}  // namespace jalon::referentials
