#include "core/text.h"

#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <memory>

namespace jalon::text {

bool valid_utf8(std::string_view s) {
  return u8_check(reinterpret_cast<const uint8_t*>(s.data()), s.size()) == nullptr;
}

std::string fold(std::string_view s) {
  // ASCII needs no Unicode machinery: lower-casing is the whole fold.
  if (std::all_of(s.begin(), s.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  if (!valid_utf8(s)) return {};
  size_t n = 0;
  // Case-fold with full decomposition, then drop the combining marks (U+0300..U+036F).
  uint8_t* folded = u8_casefold(reinterpret_cast<const uint8_t*>(s.data()), s.size(), nullptr,
                                UNINORM_NFD, nullptr, &n);
  if (!folded) return {};
  std::unique_ptr<uint8_t, decltype(&std::free)> guard(folded, &std::free);
  std::string out;
  out.reserve(n);
  const uint8_t* p = folded;
  const uint8_t* end = folded + n;
  while (p < end) {
    ucs4_t c;
    int len = u8_mbtoucr(&c, p, end - p);
    if (len <= 0) return {};
    if (c >= 0x300 && c <= 0x36F) {
      // combining diacritical mark: dropped
    } else if (c == 0x153) {
      out += "oe";
    } else if (c == 0xE6) {
      out += "ae";
    } else if (c == 0x2019 || c == 0x2018) {
      out += '\'';
    } else {
      out.append(reinterpret_cast<const char*>(p), len);
    }
    p += len;
  }
  return out;
}

std::string trim(std::string_view s) {
  auto is_space_at = [&](size_t i, size_t& len) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      len = 1;
      return true;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      len = 2;  // U+00A0
      return true;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) {
      len = 3;  // U+202F narrow no-break space
      return true;
    }
    return false;
  };
  size_t b = 0, len = 0;
  while (b < s.size() && is_space_at(b, len)) b += len;
  size_t e = s.size();
  while (e > b) {
    // find the start of the last code point
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (is_space_at(k, len) && k + len == e) {
      e = k;
    } else {
      break;
    }
  }
  return std::string(s.substr(b, e - b));
}

std::size_t length(std::string_view s) {
  if (!valid_utf8(s)) return 0;
  return u8_mbsnlen(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

int to_int(std::string_view s, int fallback) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty() ? v : fallback;
}

std::string group_thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  int k = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++k) {
    if (k && k % 3 == 0) out.insert(out.begin(), ' ');
    out.insert(out.begin(), *it);
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace jalon::text
