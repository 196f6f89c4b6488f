// The territory's employers: a map (server-side SVG, proportional symbols on commune centroids,
// as the territory charts) with its data table (/employeurs/carte), and the employers to
// prospect for a territory and a set of jobs — by default the jobs the caseload's projects
// target — ranked by hiring potential (/employeurs/a-prospecter).
#include <nlohmann/json.hpp>

#include <regex>

#include "access/policy.h"
#include "core/text.h"
#include "employers/referentials.h"
#include "employers/web.h"
#include "ui/charts.h"

namespace jalon::employers {
namespace {

// The structure's territories as options, and the communes of the chosen one (empty: all).
std::vector<std::string> territory_choice(const Services& svc, const Request& req, json& ctx) {
  const auto& s = access::session_of(req);
  std::string chosen = req.query.get("territoire");
  std::vector<std::string> communes;
  json options = json::array({{{"code", ""}, {"label", "Tout l'annuaire"}, {"selected", false}}});
  std::string name = "tout l'annuaire";
  for (const auto& t : svc.territories.list(s.structure_id)) {
    bool selected = t.id == chosen;
    options.push_back({{"code", t.id}, {"label", t.name}, {"selected", selected}});
    if (!selected) continue;
    name = t.name;
    if (auto full = svc.territories.get(s.structure_id, t.id); full.ok()) {
      communes = full->commune_codes;
    }
  }
  ctx["territories"] = options;
  ctx["territory_name"] = name;
  ctx["territory"] = chosen;
  return communes;
}

Response map_page(const Services& svc, Request& req) {
  json ctx = {{"title", "Carte des employeurs"}, {"nav", "employers"}};
  auto communes = territory_choice(svc, req, ctx);
  auto counts = svc.employers.commune_counts(access::session_of(req), communes);
  std::vector<ui::MapPoint> points;
  json rows = json::array();
  int64_t total = 0;
  for (const auto& c : counts) {
    points.push_back({c.commune_name, c.latitude, c.longitude, static_cast<double>(c.employers),
                      c.partners > 0});
    rows.push_back(
        {{"commune", c.commune_name}, {"employers", c.employers}, {"partners", c.partners}});
    total += c.employers;
  }
  ctx["svg"] =
      ui::symbol_map("Employeurs par commune — " + ctx["territory_name"].get<std::string>(),
                     "Annuaire des établissements (SIRENE) ; centroïdes des communes", points,
                     "Établissements en activité", "Commune avec un partenaire actif");
  ctx["rows"] = rows;
  ctx["none"] = rows.empty();
  ctx["total"] = total;
  return svc.page(req, "employers/map", ctx);
}

std::vector<std::string> rome_codes(const std::string& typed) {
  std::vector<std::string> out;
  static const std::regex kCode("[A-Na-n][0-9]{4}");
  for (auto it = std::sregex_iterator(typed.begin(), typed.end(), kCode);
       it != std::sregex_iterator(); ++it) {
    std::string c = it->str();
    c[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(c[0])));
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

Response prospects_page(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  json ctx = {{"title", "Employeurs à prospecter"}, {"nav", "employers"}};
  auto communes = territory_choice(svc, req, ctx);
  json caseload = json::array();
  std::string defaults;
  for (const auto& [rome, people] : svc.employers.caseload_jobs(s)) {
    caseload.push_back({{"rome", rome}, {"people", people}});
    if (caseload.size() <= 5) defaults += (defaults.empty() ? "" : " ") + rome;
  }
  std::string typed = req.query.has("metiers") ? req.query.get("metiers") : defaults;
  auto romes = rome_codes(typed);
  json rows = json::array();
  for (const auto& p : svc.employers.prospects(s, romes, communes)) {
    json j = establishment_json(p.e);
    j["rome_code"] = p.rome_code;
    j["rome_label"] = p.rome_label;
    j["hirings"] = p.hirings;
    j["score"] = ui::fr_number(p.score);
    rows.push_back(std::move(j));
  }
  ctx["metiers"] = typed;
  ctx["caseload"] = caseload;
  ctx["has_caseload"] = !caseload.empty();
  ctx["employers"] = rows;
  ctx["none"] = rows.empty();
  ctx["asked"] = !romes.empty();
  return svc.page(req, "employers/prospects", ctx);
}

}  // namespace

void register_territory_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/employeurs/carte", kEmployersRead, http::on(s, map_page)},
      {kGet, "/employeurs/a-prospecter", kEmployersRead, http::on(s, prospects_page)},
  });
}

}  // namespace jalon::employers
