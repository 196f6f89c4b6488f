// Structured logs: one JSON object per line on stderr. Callers pass event names and fields that
// carry no personal data (ids are opaque; never names, e-mails, free text or query strings).
#pragma once
#include <initializer_list>
#include <string_view>
#include <utility>

namespace jalon::log {

struct Field {
  std::string_view key;
  std::string_view text;
  long long number = 0;
  bool is_number = false;
  Field(std::string_view k, std::string_view v) : key(k), text(v) {}
  Field(std::string_view k, long long v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, int v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, double v) = delete;
};

void info(std::string_view event, std::initializer_list<Field> fields = {});
void warn(std::string_view event, std::initializer_list<Field> fields = {});
void error(std::string_view event, std::initializer_list<Field> fields = {});
// A fully formed JSON line (the access log builds its own).
void raw_line(std::string_view json_line);
// Silences info lines (tests).
void set_quiet(bool quiet);

}  // namespace jalon::log
