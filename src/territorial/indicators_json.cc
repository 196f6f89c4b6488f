// The indicators as JSON (GET /api/v1/territories/{id}/indicators), one function per block.
#include <nlohmann/json.hpp>

#include <cmath>

#include "territorial/figures.h"

namespace jalon::territorial {
namespace {

using nlohmann::json;

json totals_json(const BmoTotals& t) {
  return json{{"rows", t.rows},
              {"projects", t.projects},
              {"projects_unpublished_cells", t.projects_unpublished},
              {"difficult", t.difficult},
              {"difficult_unpublished_cells", t.difficult_unpublished},
              {"seasonal", t.seasonal},
              {"seasonal_unpublished_cells", t.seasonal_unpublished},
              {"difficult_share", t.difficult_share},
              {"seasonal_share", t.seasonal_share},
              // Unpublished cells count as 0: the shares are then lower bounds.
              {"difficult_share_is_minimum", t.difficult_unpublished > 0},
              {"seasonal_share_is_minimum", t.seasonal_unpublished > 0}};
}

json occupations_json(const std::vector<OccupationFigure>& list) {
  json out = json::array();
  for (const auto& o : list) {
    out.push_back({{"code", o.code},
                   {"label", o.label},
                   {"family_code", o.family_code},
                   {"family_label", o.family_label},
                   {"bmo", totals_json(o.bmo)}});
  }
  return out;
}

json counts_json(const std::vector<Count>& list) {
  json out = json::array();
  for (const auto& c : list)
    out.push_back({{"code", c.code}, {"label", c.label}, {"people", c.people}});
  return out;
}

json territory_json(const Indicators& in) {
  json towns = json::array();
  for (const auto& t : in.main_towns) {
    towns.push_back({{"code", t.code}, {"name", t.name}, {"population", t.population}});
  }
  return {{"id", in.territory_id},
          {"name", in.territory_name},
          {"kind", in.territory_kind},
          {"communes", in.communes},
          {"population", in.population},
          {"main_towns", towns},
          {"departement", {{"code", in.departement_code}, {"name", in.departement_name}}},
          {"region", {{"code", in.region_code}, {"name", in.region_name}}},
          {"source", in.geography_source}};
}

json bmo_json(const Indicators& in) {
  json basins = json::array();
  for (const auto& b : in.basins) {
    basins.push_back({{"code", b.code},
                      {"name", b.name},
                      {"communes_in_territory", b.communes_in},
                      {"communes", b.communes_total},
                      {"population_in_territory", b.population_in},
                      {"population", b.population_total},
                      {"population_share", b.population_share},
                      {"main_town", {{"code", b.main_town.code}, {"name", b.main_town.name}}},
                      {"bmo", totals_json(b.bmo)}});
  }
  json families = json::array();
  for (const auto& f : in.families) {
    families.push_back({{"code", f.code},
                        {"label", f.label},
                        {"territory", totals_json(f.territory)},
                        {"departement", totals_json(f.departement)},
                        {"region", totals_json(f.region)},
                        {"france", totals_json(f.france)},
                        {"share_territory", f.share_territory},
                        {"share_departement", f.share_departement},
                        {"share_region", f.share_region},
                        {"share_france", f.share_france}});
  }
  return {{"vintage", in.vintage},
          {"method", kFigureMethod},
          {"source", in.bmo_source},
          {"basins", basins},
          {"territory", totals_json(in.territory)},
          {"departement", totals_json(in.departement)},
          {"region", totals_json(in.region)},
          {"france", totals_json(in.france)},
          {"top_volume", occupations_json(in.top_volume)},
          {"top_difficulty", occupations_json(in.top_difficulty)},
          {"seasonal_jobs", occupations_json(in.seasonal_jobs)},
          {"families", families},
          {"min_projects_for_shares", kMinProjects}};
}

json caseload_json(const Indicators& in) {
  json adequacy = json::array();
  for (const auto& a : in.adequacy) {
    adequacy.push_back({{"category", a.category},
                        {"rome_code", a.rome_code},
                        {"rome_label", a.rome_label},
                        {"bmo_code", a.bmo_code},
                        {"bmo_label", a.bmo_label},
                        {"people", a.people},
                        {"projects", a.projects},
                        {"projects_unpublished_cells", a.projects_unpublished},
                        {"difficult_share", a.difficult_share},
                        {"difficult_unpublished_cells", a.difficult_unpublished}});
  }
  json mobility = json::array();
  for (const auto& m : in.mobility) {
    mobility.push_back({{"commune_code", m.commune_code},
                        {"commune_name", m.commune_name},
                        {"people", m.people},
                        {"hub_code", m.hub_code},
                        {"hub_name", m.hub_name},
                        {"km", m.km < 0 ? json(nullptr) : json(std::round(m.km * 10) / 10)},
                        {"within_radius", m.within_radius},
                        {"with_radius", m.with_radius}});
  }
  return {{"people", in.caseload},
          {"barriers", counts_json(in.barriers)},
          {"targets", counts_json(in.targets)},
          {"adequacy", adequacy},
          {"mobility", mobility},
          {"mobility_within_radius", in.mobility_within},
          {"mobility_with_radius", in.mobility_with_radius},
          {"source", "Jalon, personnes en accompagnement de la structure"}};
}

}  // namespace

json indicators_json(const Indicators& in) {
  json shortages = json::array();
  for (const auto& s : in.shortages)
    shortages.push_back({{"fap_code", s.fap_code}, {"label", s.label}});
  return {
      {"territory", territory_json(in)},
      {"bmo", bmo_json(in)},
      {"shortages",
       {{"edition", in.shortage_edition}, {"source", in.shortage_source}, {"items", shortages}}},
      {"caseload", caseload_json(in)}};
}

}  // namespace jalon::territorial
