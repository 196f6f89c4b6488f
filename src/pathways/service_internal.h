// Helpers shared by the files of PathwayService (service.cc, referrals.cc, timeline.cc); not
// part of its interface.
#pragma once
#include <string>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::pathways::detail {

// Text within `max` characters of valid UTF-8, or an error naming the field.
Status check_length(const std::string& v, const char* field, const char* what, size_t max);
// An optional "YYYY-MM-DD" (empty stays empty), within 20 years back and `max_years_ahead`.
Result<std::string> optional_date(const std::string& v, const char* field, dates::Date today,
                                  int max_years_ahead);
// NULL for an empty text (optional dates).
inline store::Value nullable(const std::string& v) {
  return v.empty() ? store::Value() : store::Value(v);
}
// "2026-11-26" -> "26/11/2026".
std::string french(const std::string& iso);

}  // namespace jalon::pathways::detail
