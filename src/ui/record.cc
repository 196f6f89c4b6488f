#include "ui/record.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "http/forms.h"

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
      {"/candidatures", "Candidatures"},
      {"/documents", "Documents"},
      {"/historique", "Historique"},
      {"/bilan", "Bilan"},
      {"/donnees", "Données personnelles"}};
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

void keep_list(const http::Request& req, json& ctx) {
  std::string back = req.query.get("retour");
  bool plain = back.size() <= 1000 && std::all_of(back.begin(), back.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) ||
                        std::string_view("_-.%+=&").find(c) != std::string_view::npos;
               });
  if (back.empty() || !plain) {
    ctx["back_url"] = "/beneficiaires";
    return;
  }
  ctx["back_url"] = "/beneficiaires?" + back;
  std::string suffix = "?retour=" + http::percent_encode(back);
  if (ctx.contains("tabs")) {
    for (auto& t : ctx["tabs"]) t["href"] = t["href"].get<std::string>() + suffix;
  }
}

}  // namespace jalon::ui
