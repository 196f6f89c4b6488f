#include "ui/wording.h"

#include <nlohmann/json.hpp>

namespace jalon::ui {

std::string count_of(long long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n > 1 || n < -1 ? many : one);
}

nlohmann::json text_or_null(std::string_view s) {
  if (s.empty()) return nullptr;
  return std::string(s);
}

}  // namespace jalon::ui
