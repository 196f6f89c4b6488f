// A referential list: codes that never change, the French label shown for each, and flags a
// domain gives some of them (open statuses, health items, SIAE kinds…). Every code list is
// defined once as a List and read from there by validation (core/validation.h), templates
// (ui::options, ui::checks) and SQL (sql_list), never spelled again elsewhere.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jalon::referential {

struct Code {
  std::string_view code, label;
  std::uint32_t flags = 0;   // the list's own meaning (a bit per property)
  std::string_view group{};  // the code of the entry this one belongs to (a theme), or ""
};

using List = std::vector<Code>;

// The entry with this code, or nullptr.
const Code* find(const List& list, std::string_view code);
bool has_code(const List& list, std::string_view code);
// The label of a code, or the code itself when unknown.
std::string_view label_of(const List& list, std::string_view code);
// The codes whose flags include every bit of `mask` (all codes for mask 0).
std::vector<std::string_view> codes(const List& list, std::uint32_t mask = 0);
// The same codes as SQL literals for an IN list: "'a', 'b'". Codes are [a-z0-9_] only (checked:
// a code that is not throws std::logic_error, as it is a bug in a list, not input).
std::string sql_list(const List& list, std::uint32_t mask = 0);

}  // namespace jalon::referential
