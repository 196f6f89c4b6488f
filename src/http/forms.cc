#include "http/forms.h"

namespace jalon::http {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

Fields parse_urlencoded(std::string_view body) {
  Fields f;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    f.add(percent_decode(k, true), percent_decode(v, true));
  }
  return f;
}

std::map<std::string, std::string, std::less<>> parse_cookies(std::string_view header) {
  std::map<std::string, std::string, std::less<>> out;
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view item = trim_ows(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string name(trim_ows(item.substr(0, eq)));
    std::string_view value = trim_ows(item.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace(std::move(name), std::string(value));  // the first occurrence wins
  }
  return out;
}

std::string safe_return_path(std::string_view target) {
  if (target.empty() || target.size() > 2000 || target.front() != '/') return {};
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return {};
  for (unsigned char c : target) {
    if (c <= 0x20 || c == 0x7f || c == '\\') return {};
  }
  return std::string(target);
}

std::string requested_path(const Request& req) {
  if (req.path == "/" && req.query_string.empty()) return {};
  std::string out;
  for (char c : req.path) {
    // The decoded path, encoded again where it must be so that it reads back the same.
    if (c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) <= 0x20) {
      out += percent_encode(std::string_view(&c, 1));
    } else {
      out += c;
    }
  }
  if (!req.query_string.empty()) out += "?" + req.query_string;
  return out;
}

}  // namespace jalon::http
