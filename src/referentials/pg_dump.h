// The data of a PostgreSQL dump (`pg_dump` plain format), as les emplois de l'inclusion publishes
// its ROME fixtures: the rows of one `COPY table (columns) FROM stdin;` block, tab-separated, in
// PostgreSQL's text format (\N for NULL, backslash escapes), up to the `\.` line. The column list
// of the COPY line is the header.
#pragma once
#include <string>
#include <vector>

#include "referentials/source.h"
#include "referentials/table.h"

namespace jalon::referentials {

class CopyTable final : public TextTable {
 public:
  // Reads the dump at path up to the COPY block of `table` (e.g. "public.jobs_rome").
  CopyTable(const std::string& path, const std::string& table, Progress* progress);

 protected:
  bool read_row(std::vector<std::string>& cells, int64_t& line) override;
  void check_row() const override;

 private:
  bool next_line(std::string& out);

  std::string buf_;
  std::size_t pos_ = 0;
  int64_t line_no_ = 0;
  bool in_block_ = false;
  std::vector<std::string> columns_;
};

// PostgreSQL text-format unescaping of one field ("\t" -> tab, "\\" -> backslash, "\N" -> "").
std::string unescape_copy_field(std::string_view field);

}  // namespace jalon::referentials
