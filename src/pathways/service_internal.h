// Helpers shared by the files of PathwayService (service.cc, referrals.cc, timeline.cc); not
// part of its interface.
#pragma once
#include <string>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::pathways::detail {

// An optional "YYYY-MM-DD" (empty stays empty), within 20 years back and `max_years_ahead`.
Result<std::string> optional_date(const std::string& v, const char* field, dates::Date today,
                                  int max_years_ahead);
// NULL for an empty text (optional dates).
inline store::Value nullable(const std::string& v) {
  return v.empty() ? store::Value() : store::Value(v);
}
}  // namespace jalon::pathways::detail
