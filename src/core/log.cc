#include "core/log.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <mutex>

#include "core/clock.h"
#include "core/dates.h"

namespace jalon::log {
namespace {

std::mutex g_mutex;
std::atomic<bool> g_quiet{false};

void write(std::string_view level, std::string_view event, std::initializer_list<Field> fields) {
  nlohmann::json j;
  j["ts"] = dates::rfc3339_utc(SystemClock().now_ms());
  j["level"] = level;
  j["event"] = event;
  for (const auto& f : fields) {
    if (f.is_number) {
      j[std::string(f.key)] = f.number;
    } else {
      j[std::string(f.key)] = std::string(f.text);
    }
  }
  // dump() escapes control characters, so a value cannot forge a second log line.
  raw_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void info(std::string_view event, std::initializer_list<Field> fields) {
  if (!g_quiet) write("info", event, fields);
}
void warn(std::string_view event, std::initializer_list<Field> fields) {
  write("warn", event, fields);
}
void error(std::string_view event, std::initializer_list<Field> fields) {
  write("error", event, fields);
}
void raw_line(std::string_view line) {
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}
void set_quiet(bool quiet) { g_quiet = quiet; }

}  // namespace jalon::log
