// Files the binary carries (templates, static assets, SQL migrations), embedded at build time by
// tools/embed.cc. In development, `--dev-assets DIR` makes AssetSource read the same names from
// the source tree instead, so templates and CSS can change without a rebuild.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jalon::assets {

struct Asset {
  const char* name;  // e.g. "templates/layout.mustache", "static/css/jalon.css"
  std::string_view data;
};

// The table generated at build time, sorted by name.
std::span<const Asset> embedded();

class AssetSource {
 public:
  // An empty dev_root serves the embedded files; otherwise names are mapped to files under it
  // (templates/ -> web/templates/, static/ -> web/static/, migrations/ -> src/store/migrations/).
  explicit AssetSource(std::string dev_root = {});
  std::optional<std::string> get(std::string_view name) const;
  // Names starting with prefix, sorted.
  std::vector<std::string> list(std::string_view prefix) const;
  bool from_disk() const { return !dev_root_.empty(); }

 private:
  std::string dev_root_;
};

}  // namespace jalon::assets
