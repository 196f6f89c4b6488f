#include "ui/record.h"

#include <utility>
#include <vector>

namespace jalon::ui {

using nlohmann::json;

json record_tabs(const std::string& person_id, std::string_view current) {
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
    tabs.push_back({{"href", "/beneficiaires/" + person_id + std::string(slug)},
                    {"label", label},
                    {"current", slug == current}});
  }
  return tabs;
}

json record_context(const RecordHeader& h, std::string_view tab, std::string_view title) {
  return {{"b", {{"id", h.id}, {"name", h.name}}},
          {"tabs", record_tabs(h.id, tab)},
          {"nav", "caseload"},
          {"title", std::string(title) + " — " + h.name}};
}

}  // namespace jalon::ui
