// Small SQL-building helpers shared by the referential queries (placeholders only: values are
// always bound, never spliced).
#pragma once
#include <cstddef>
#include <string>

namespace jalon::referentials {

// "?, ?, ?" for an IN list of n bound values.
inline std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

}  // namespace jalon::referentials
