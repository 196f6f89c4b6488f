#include "core/referential.h"

#include <algorithm>
#include <stdexcept>

namespace jalon::referential {

const Code* find(const List& list, std::string_view code) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Code& c) { return c.code == code; });
  return it == list.end() ? nullptr : &*it;
}

bool has_code(const List& list, std::string_view code) {
  return find(list, code) != nullptr;
}

std::string_view label_of(const List& list, std::string_view code) {
  const Code* c = find(list, code);
  return c ? c->label : code;
}

std::vector<std::string_view> codes(const List& list, std::uint32_t mask) {
  std::vector<std::string_view> out;
  for (const auto& c : list) {
    if ((c.flags & mask) == mask) out.push_back(c.code);
  }
  return out;
}

std::string sql_list(const List& list, std::uint32_t mask) {
  std::string out;
  for (auto code : codes(list, mask)) {
    bool plain = !code.empty() && std::all_of(code.begin(), code.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    if (!plain) throw std::logic_error("referential code unfit for SQL: " + std::string(code));
    out += (out.empty() ? "'" : ", '") + std::string(code) + "'";
  }
  return out;
}

}  // namespace jalon::referential
