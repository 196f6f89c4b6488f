#include "beneficiaries/view.h"

#include <algorithm>

#include "core/dates.h"

namespace jalon::beneficiaries::view {

using nlohmann::json;

json options(const std::vector<Entry>& list, const std::string& selected, bool with_empty) {
  json out = json::array();
  if (with_empty) out.push_back({{"code", ""}, {"label", "—"}, {"selected", selected.empty()}});
  for (const auto& e : list) {
    out.push_back({{"code", e.code}, {"label", e.label}, {"selected", e.code == selected}});
  }
  return out;
}

json checks(const std::vector<Entry>& list, const std::vector<std::string>& selected,
            const std::string& field) {
  json out = json::array();
  for (const auto& e : list) {
    bool on = std::find(selected.begin(), selected.end(), e.code) != selected.end();
    out.push_back({{"code", e.code},
                   {"label", e.label},
                   {"checked", on},
                   {"id", field + "-" + std::string(e.code)},
                   {"field", field}});
  }
  return out;
}

std::string french_date(const std::string& iso) {
  auto d = dates::parse_iso_date(iso);
  return d.ok() ? dates::french(*d) : iso;
}

}  // namespace jalon::beneficiaries::view
