#include "core/assets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace jalon::assets {
namespace fs = std::filesystem;
namespace {

struct Mapping {
  std::string_view embedded_prefix, source_dir;
};
constexpr Mapping kMappings[] = {
    {"templates/", "web/templates/"},
    {"static/js/htmx.min.js", "node_modules/htmx.org/dist/htmx.min.js"},
    {"static/js/accessible-autocomplete.min.js",
     "node_modules/accessible-autocomplete/dist/"
     "accessible-autocomplete.min.js"},
    {"static/css/accessible-autocomplete.min.css",
     "node_modules/accessible-autocomplete/dist/"
     "accessible-autocomplete.min.css"},
    {"static/", "web/static/"},
    {"migrations/", "src/store/migrations/"},
    {"security/common-passwords.txt", "/usr/share/john/password.lst"},
    {"security/french-passwords.txt", "src/access/data/french-passwords.txt"},
    {"search/french-derived-forms.txt", "src/store/data/french-derived-forms.txt"},
    {"privacy/", "src/privacy/data/"},
    {"outcomes/", "src/outcomes/data/"}};

std::optional<fs::path> disk_path(const std::string& root, std::string_view name) {
  for (const auto& m : kMappings) {
    if (name.starts_with(m.embedded_prefix)) {
      return fs::path(root) /
             (std::string(m.source_dir) + std::string(name.substr(m.embedded_prefix.size())));
    }
  }
  return std::nullopt;
}

}  // namespace

AssetSource::AssetSource(std::string dev_root) : dev_root_(std::move(dev_root)) {}

std::optional<std::string> AssetSource::get(std::string_view name) const {
  if (name.find("..") != std::string_view::npos) return std::nullopt;
  if (!dev_root_.empty()) {
    auto path = disk_path(dev_root_, name);
    if (!path || !fs::is_regular_file(*path)) return std::nullopt;
    std::ifstream in(*path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  auto table = embedded();
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const Asset& a, std::string_view n) { return a.name < n; });
  if (it == table.end() || it->name != name) return std::nullopt;
  return std::string(it->data);
}

std::vector<std::string> AssetSource::list(std::string_view prefix) const {
  std::vector<std::string> out;
  if (!dev_root_.empty()) {
    for (const auto& m : kMappings) {
      if (!m.embedded_prefix.ends_with('/') || !prefix.starts_with(m.embedded_prefix)) continue;
      fs::path dir = fs::path(dev_root_) / m.source_dir;
      if (!fs::is_directory(dir)) continue;
      for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::string name =
            std::string(m.embedded_prefix) + fs::relative(e.path(), dir).generic_string();
        if (name.starts_with(prefix)) out.push_back(name);
      }
      break;
    }
  } else {
    for (const auto& a : embedded()) {
      if (std::string_view(a.name).starts_with(prefix)) out.emplace_back(a.name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace jalon::assets
