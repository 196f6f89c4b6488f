// One value read from a store, for assertions: scalar(db, "SELECT COUNT(*) …") == "42".
#pragma once
#include <cstdint>
#include <string>

#include "store/database.h"

namespace jalon::testing {

// The first column of the first row as text ("(no row)" when there is none).
inline std::string scalar(store::Database& db, const std::string& sql,
                          const store::Params& params = {}) {
  auto tx = db.read();
  auto row = tx.query_one(sql, params);
  tx.commit();
  return row ? row->cells.at(0).to_string() : "(no row)";
}

// The same as a number (a COUNT, a SUM).
inline int64_t scalar_int(store::Database& db, const std::string& sql,
                          const store::Params& params = {}) {
  auto tx = db.read();
  auto row = tx.query_one(sql, params);
  tx.commit();
  return row ? row->i64(0) : -1;
}

}  // namespace jalon::testing
