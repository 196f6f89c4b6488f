#include "app/config.h"

#include <charconv>
#include <filesystem>

namespace jalon::app {

bool parse_listen(const std::string& s, Listen& out) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  out.host = s.substr(0, colon);
  unsigned port = 0;
  auto [p, ec] = std::from_chars(s.data() + colon + 1, s.data() + s.size(), port);
  if (ec != std::errc() || p != s.data() + s.size() || port > 65535) return false;
  out.port = static_cast<unsigned short>(port);
  return true;
}

std::string audit_checkpoint_file(const Config& c) {
  if (!c.audit_checkpoints.empty()) return c.audit_checkpoints;
  return (std::filesystem::path(c.data_dir) / "audit" / "checkpoints").string();
}

}  // namespace jalon::app
