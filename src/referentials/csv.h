// CSV as producers write it (RFC 4180 and its usual variants): a chosen separator, fields in
// double quotes that may hold the separator, line breaks and doubled quotes (""), LF or CRLF line
// endings, blank lines ignored. The parser streams: memory holds one record, whatever the file
// size. Line numbers count physical lines, so a record spanning lines reports where it starts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "referentials/source.h"
#include "referentials/table.h"

namespace jalon::referentials {

class CsvParser {
 public:
  CsvParser(TextSource& source, char separator);
  // The next record; false at the end. `line` receives the line where it starts.
  bool next(std::vector<std::string>& fields, int64_t& line);

 private:
  bool fill();

  TextSource& source_;
  char separator_;
  std::string buf_;
  std::size_t pos_ = 0;
  int64_t line_ = 1;
};

// A CSV file as a TableReader: the first record is the header, and every record must have as
// many fields as the header.
class CsvTable final : public TextTable {
 public:
  CsvTable(const std::string& path, const TableOptions& options);

 protected:
  bool read_row(std::vector<std::string>& cells, int64_t& line) override;
  void check_row() const override;

 private:
  CsvParser parser_;
  char separator_;
};

}  // namespace jalon::referentials
