// Lists of codes as stored: ";a;b;" (one LIKE '%;code;%' finds a code on both engines).
#pragma once
#include <string>
#include <vector>

namespace jalon::partners {

inline std::string join_codes(const std::vector<std::string>& codes) {
  if (codes.empty()) return "";
  std::string out = ";";
  for (const auto& c : codes) out += c + ";";
  return out;
}

inline std::vector<std::string> split_codes(const std::string& stored) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : stored) {
    if (ch == ';') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace jalon::partners
