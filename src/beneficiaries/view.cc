#include "beneficiaries/view.h"

#include <algorithm>

#include "core/dates.h"

namespace jalon::beneficiaries::view {

using nlohmann::json;

json record_tabs(const std::string& beneficiary_id, std::string_view current) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kTabs = {
      {"", "Synthèse"},
      {"/situation", "Situation"},
      {"/diagnostic", "Diagnostic"},
      {"/projet", "Projet professionnel"},
      {"/eligibilite", "Éligibilité IAE"},
      {"/parcours", "Parcours"},
      {"/rendez-vous", "Rendez-vous"},
      {"/comptes-rendus", "Comptes rendus"},
      {"/orientations", "Orientations"},
      {"/documents", "Documents"},
      {"/historique", "Historique"},
      {"/bilan", "Bilan"}};
  json tabs = json::array();
  for (auto [slug, label] : kTabs) {
    tabs.push_back({{"href", "/beneficiaires/" + beneficiary_id + std::string(slug)},
                    {"label", label},
                    {"current", slug == current}});
  }
  return tabs;
}

json section_header(const Beneficiary& b, std::string_view current, const std::string& title) {
  std::string name = b.summary.first_name + " " + b.summary.last_name;
  return {{"b", {{"id", b.summary.id}, {"name", name}}},
          {"tabs", record_tabs(b.summary.id, current)},
          {"nav", "caseload"},
          {"title", title + " — " + name}};
}

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
