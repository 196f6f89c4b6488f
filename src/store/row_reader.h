// Reads a result row column after column, in the order the SELECT names them, so a mapper
// reads like the SELECT it follows instead of indexing cells by number:
//
//   auto rows = tx.query("SELECT id, name, born_on, rank FROM …", {…});
//   store::RowReader r(row);
//   p.id = r.text(); p.name = r.text(); p.born_on = r.opt_text(); p.rank = r.i64();
//
// Reading past the last column throws std::out_of_range (a mapper that does not match its
// SELECT is a bug); `done()` says whether every column was read.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "store/database.h"

namespace jalon::store {

class RowReader {
 public:
  explicit RowReader(const Row& row) : row_(row) {}
  const std::string& text() { return row_.text(next()); }
  // NULL reads as nullopt; numbers as their decimal text.
  std::optional<std::string> opt_text() { return row_.opt_text(next()); }
  // NULL reads as "".
  std::string text_or_empty() { return row_.opt_text(next()).value_or(std::string()); }
  int64_t i64() { return row_.i64(next()); }
  int64_t i64_or(int64_t fallback) {
    std::size_t i = next();
    return row_.is_null(i) ? fallback : row_.i64(i);
  }
  int i32() { return static_cast<int>(row_.i64(next())); }
  double f64() { return row_.f64(next()); }
  bool boolean() { return row_.i64(next()) != 0; }
  // Whether the next column is NULL, without reading it.
  bool next_is_null() const { return row_.is_null(index_); }
  void skip(std::size_t n = 1) { index_ += n; }
  bool done() const { return index_ == row_.size(); }

 private:
  std::size_t next() {
    if (index_ >= row_.size())
      throw std::out_of_range("RowReader: no column " + std::to_string(index_));
    return index_++;
  }
  const Row& row_;
  std::size_t index_ = 0;
};

}  // namespace jalon::store
