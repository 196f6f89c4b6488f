#include "territorial/indicators.h"

#include <algorithm>
#include <map>
#include <set>

#include "referentials/sql.h"
#include "referentials/territory.h"
#include "store/row_reader.h"
#include "territorial/indicators_work.h"

namespace jalon::territorial {
namespace {

using detail::kMembers;
using detail::Work;
using referentials::placeholders;

constexpr int kTop = 10;

// The columns every BMO sum reads, in this order (see totals_of).
const char* kSums =
    "COUNT(*), COALESCE(SUM(p.projects), 0), COALESCE(SUM(p.projects_below_threshold), 0), "
    "COALESCE(SUM(p.difficult), 0), COALESCE(SUM(p.difficult_below_threshold), 0), "
    "COALESCE(SUM(p.seasonal), 0), COALESCE(SUM(p.seasonal_below_threshold), 0)";

double ratio(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

BmoTotals totals_of(const store::Row& r, int at) {
  BmoTotals t;
  t.rows = r.i64(at);
  t.projects = r.i64(at + 1);
  t.projects_unpublished = r.i64(at + 2);
  t.difficult = r.i64(at + 3);
  t.difficult_unpublished = r.i64(at + 4);
  t.seasonal = r.i64(at + 5);
  t.seasonal_unpublished = r.i64(at + 6);
  t.difficult_share = ratio(t.difficult, t.projects);
  t.seasonal_share = ratio(t.seasonal, t.projects);
  return t;
}

// An area of BMO rows: a WHERE clause on bmo_projects p and its parameters.
struct Area {
  std::string where;
  store::Params params;
};

std::vector<AreaRow> area_rows(store::Tx& tx, int vintage, const Area& a, bool by_basin) {
  std::string basin = by_basin ? "p.basin_code" : "''";
  store::Params params{vintage};
  params.insert(params.end(), a.params.begin(), a.params.end());
  std::vector<AreaRow> out;
  for (const auto& r :
       tx.query("SELECT " + basin + ", o.code, o.label, o.family_code, o.family_label, " + kSums +
                    " FROM bmo_projects p JOIN bmo_occupations o ON o.vintage = p.vintage AND "
                    "o.code = p.occupation_code WHERE p.vintage = ? AND " +
                    a.where + " GROUP BY " + (by_basin ? "p.basin_code, " : "") +
                    "o.code, o.label, o.family_code, o.family_label",
                params)) {
    out.push_back({r.text(0), {r.text(1), r.text(2), r.text(3), r.text(4), totals_of(r, 5)}});
  }
  return out;
}

// A comparison area's rows, from the cache while the vintage's BMO import is the same.
std::vector<AreaRow> cached_area_rows(store::Tx& tx, int vintage, const Area& a,
                                      GenerationCache<std::vector<AreaRow>>& cache) {
  auto stamp = tx.query_one(
      "SELECT imported_at FROM referential_datasets WHERE dataset = 'bmo' AND edition = ?",
      {std::to_string(vintage)});
  std::int64_t generation = stamp ? stamp->i64(0) : -1;
  std::string key = std::to_string(vintage) + "|" + a.where;
  for (const auto& p : a.params) key += "|" + p.to_string();
  return cache.get_or(key, generation, [&] { return area_rows(tx, vintage, a, false); });
}

BmoTotals sum(const std::vector<AreaRow>& rows) {
  BmoTotals t;
  for (const auto& r : rows) t += r.occupation.bmo;
  return t;
}

// Occupations summed over basins, by code.
std::vector<OccupationFigure> by_occupation(const std::vector<AreaRow>& rows) {
  std::map<std::string, OccupationFigure> m;
  for (const auto& r : rows) {
    auto [it, fresh] = m.try_emplace(r.occupation.code, r.occupation);
    if (!fresh) it->second.bmo += r.occupation.bmo;
  }
  std::vector<OccupationFigure> out;
  for (auto& [code, o] : m) out.push_back(std::move(o));
  return out;
}

// Families summed from occupations: {code, label, totals}.
std::map<std::string, std::pair<std::string, BmoTotals>> by_family(
    const std::vector<AreaRow>& rows) {
  std::map<std::string, std::pair<std::string, BmoTotals>> m;
  for (const auto& r : rows) {
    auto& f = m[r.occupation.family_code];
    f.first = r.occupation.family_label;
    f.second += r.occupation.bmo;
  }
  return m;
}

// ---- population and towns ------------------------------------------------------------------
void population_and_towns(Work& w) {
  auto& out = w.out;
  if (auto r = w.tx.query_one("SELECT COUNT(*), COALESCE(SUM(c.population), 0) FROM "
                              "territory_communes t JOIN communes c ON c.code = t.commune_code "
                              "WHERE t.territory_id = ?",
                              {w.territory_id})) {
    out.communes = r->i64(0);
    out.population = r->i64(1);
  }
  for (const auto& r : w.tx.query("SELECT c.code, c.name, COALESCE(c.population, 0) FROM "
                                  "territory_communes t JOIN communes c ON c.code = t.commune_code "
                                  "WHERE t.territory_id = ? ORDER BY c.population DESC, c.name "
                                  "LIMIT 10",
                                  {w.territory_id})) {
    out.main_towns.push_back({r.text(0), r.text(1), r.i64(2)});
  }
  // The département and région holding most of its population.
  if (auto r = w.tx.query_one(
          "SELECT c.departement_code, d.name, c.region_code, g.name FROM territory_communes t "
          "JOIN communes c ON c.code = t.commune_code JOIN departements d ON d.code = "
          "c.departement_code JOIN regions g ON g.code = c.region_code WHERE t.territory_id = ? "
          "GROUP BY c.departement_code, d.name, c.region_code, g.name "
          "ORDER BY SUM(COALESCE(c.population, 0)) DESC, c.departement_code LIMIT 1",
          {w.territory_id})) {
    store::RowReader c(*r);
    out.departement_code = c.text();
    out.departement_name = c.text();
    out.region_code = c.text();
    out.region_name = c.text();
  }
}

// ---- bassins covered -----------------------------------------------------------------------
// Current communes matching `filter` with their population and basin: through their own code,
// else through a former code.
std::map<std::string, std::pair<int64_t, std::string>> communes_with_basin(
    store::Tx& tx, const std::string& filter, const store::Params& params) {
  const std::string direct =
      "SELECT c.code, COALESCE(c.population, 0), m.basin_code FROM communes c JOIN "
      "employment_basin_communes m ON m.commune_code = c.code WHERE c.kind = "
      "'commune-actuelle' AND " +
      filter;
  const std::string former =
      "SELECT c.code, COALESCE(c.population, 0), m.basin_code FROM communes c JOIN "
      "commune_former_codes f ON f.commune_code = c.code JOIN employment_basin_communes m ON "
      "m.commune_code = f.former_code WHERE c.kind = 'commune-actuelle' AND " +
      filter;
  std::map<std::string, std::pair<int64_t, std::string>> found;
  for (const auto& r : tx.query(direct, params)) found[r.text(0)] = {r.i64(1), r.text(2)};
  for (const auto& r : tx.query(former, params)) {
    found.try_emplace(r.text(0), std::pair{r.i64(1), r.text(2)});
  }
  return found;
}

void basins_covered(Work& w) {
  for (const auto& [code, pb] :
       communes_with_basin(w.tx, "c.code IN (" + kMembers + ")", {w.territory_id})) {
    w.basin_of[code] = pb.second;
    w.population_of[code] = pb.first;
  }
  for (const auto& [c, b] : w.basin_of) w.basin_codes.insert(b);
  if (w.basin_codes.empty()) return;
  store::Params params(w.basin_codes.begin(), w.basin_codes.end());
  const std::string in = "(" + placeholders(params.size()) + ")";
  for (const auto& [code, pb] : communes_with_basin(w.tx, "m.basin_code IN " + in, params)) {
    w.basin_members[pb.second][code] = pb.first;
  }
}

// ---- BMO -----------------------------------------------------------------------------------
void bmo_vintage(Work& w) {
  auto& out = w.out;
  if (auto r = w.tx.query_one("SELECT MAX(vintage) FROM bmo_projects"); r && !r->is_null(0)) {
    out.vintage = static_cast<int>(r->i64(0));
  }
  out.bmo_source = out.vintage ? "BMO " + std::to_string(out.vintage) +
                                     " (France Travail, enquête Besoins en main-d'œuvre)"
                               : "BMO non chargé";
}

// Each basin's share of the territory, its size and its main town.
void basin_coverage(Work& w) {
  std::map<std::string, std::string> basin_names;
  for (const auto& r :
       w.tx.query("SELECT code, name FROM bmo_basins WHERE vintage = ?", {w.out.vintage})) {
    basin_names[r.text(0)] = r.text(1);
  }
  std::map<std::string, std::pair<int64_t, int64_t>> in_territory;  // basin -> communes, people
  for (const auto& [c, bc] : w.basin_of) {
    ++in_territory[bc].first;
    in_territory[bc].second += w.population_of[c];
  }
  for (const auto& code : w.basin_codes) {
    BasinCoverage b;
    b.code = code;
    b.name = basin_names.contains(code) ? basin_names[code] : code;
    for (const auto& [c, pop] : w.basin_members[code]) {
      ++b.communes_total;
      b.population_total += pop;
      if (pop > b.main_town.population || b.main_town.code.empty()) b.main_town = {c, "", pop};
    }
    b.communes_in = in_territory[code].first;
    b.population_in = in_territory[code].second;
    b.population_share =
        b.population_total > 0 ? static_cast<double>(b.population_in) / b.population_total : 0;
    if (auto n = w.tx.query_one("SELECT name FROM communes WHERE code = ?", {b.main_town.code})) {
      b.main_town.name = n->text(0);
    }
    w.out.basins.push_back(std::move(b));
  }
  std::sort(w.out.basins.begin(), w.out.basins.end(), [](const auto& a, const auto& b) {
    return a.population_in != b.population_in ? a.population_in > b.population_in : a.code < b.code;
  });
}

// The first kTop of `in` passing `keep`, ordered by `before`.
template <class Keep, class Before>
std::vector<OccupationFigure> top(const std::vector<OccupationFigure>& in, Keep keep,
                                  Before before) {
  std::vector<OccupationFigure> out;
  for (const auto& o : in) {
    if (keep(o)) out.push_back(o);
  }
  std::sort(out.begin(), out.end(), before);
  if (out.size() > static_cast<std::size_t>(kTop)) out.resize(kTop);
  return out;
}

// Occupations ranked by volume, by difficulty and by seasonality.
void occupation_rankings(Work& w, const std::vector<AreaRow>& territory_rows) {
  auto& out = w.out;
  w.occupations = by_occupation(territory_rows);
  auto by_projects = [](const OccupationFigure& a, const OccupationFigure& b) {
    return a.bmo.projects != b.bmo.projects ? a.bmo.projects > b.bmo.projects : a.code < b.code;
  };
  std::sort(w.occupations.begin(), w.occupations.end(), by_projects);
  out.top_volume = top(
      w.occupations, [](const auto&) { return true; }, by_projects);
  out.top_difficulty = top(
      w.occupations, [](const auto& o) { return o.bmo.projects >= kMinProjects; },
      [&](const auto& a, const auto& b) {
        if (a.bmo.difficult_share != b.bmo.difficult_share) {
          return a.bmo.difficult_share > b.bmo.difficult_share;
        }
        return by_projects(a, b);
      });
  out.seasonal_jobs = top(
      w.occupations,
      [](const auto& o) { return o.bmo.projects >= kMinProjects && o.bmo.seasonal_share >= 0.5; },
      [](const auto& a, const auto& b) {
        return a.bmo.seasonal != b.bmo.seasonal ? a.bmo.seasonal > b.bmo.seasonal : a.code < b.code;
      });
}

// Families, beside the département, the région and France.
void family_figures(Indicators& out, const std::vector<AreaRow>* rows[4]) {
  std::map<std::string, FamilyFigure> families;
  BmoTotals FamilyFigure::*fields[4] = {&FamilyFigure::territory, &FamilyFigure::departement,
                                        &FamilyFigure::region, &FamilyFigure::france};
  for (int i = 0; i < 4; ++i) {
    for (const auto& [code, f] : by_family(*rows[i])) {
      auto& ff = families[code];
      ff.code = code;
      ff.label = f.first;
      ff.*fields[i] = f.second;
    }
  }
  for (auto& [code, f] : families) {
    f.share_territory = ratio(f.territory.projects, out.territory.projects);
    f.share_departement = ratio(f.departement.projects, out.departement.projects);
    f.share_region = ratio(f.region.projects, out.region.projects);
    f.share_france = ratio(f.france.projects, out.france.projects);
    if (f.territory.rows > 0) out.families.push_back(f);
  }
  std::sort(out.families.begin(), out.families.end(), [](const auto& a, const auto& b) {
    return a.territory.projects != b.territory.projects
               ? a.territory.projects > b.territory.projects
               : a.code < b.code;
  });
}

// The territory's bassins beside its département, its région and France.
void bmo_figures(Work& w, GenerationCache<std::vector<AreaRow>>& cache) {
  auto& out = w.out;
  Area territory_area{"1 = 0", {}};
  if (!w.basin_codes.empty()) {
    store::Params params(w.basin_codes.begin(), w.basin_codes.end());
    territory_area = {"p.basin_code IN (" + placeholders(params.size()) + ")", params};
  }
  auto territory_rows = area_rows(w.tx, out.vintage, territory_area, true);
  auto dep_rows = cached_area_rows(w.tx, out.vintage,
                                   {"p.departement_code = ?", {out.departement_code}}, cache);
  auto reg_rows =
      cached_area_rows(w.tx, out.vintage, {"p.region_code = ?", {out.region_code}}, cache);
  auto fr_rows = cached_area_rows(w.tx, out.vintage, {"1 = 1", {}}, cache);
  out.territory = sum(territory_rows);
  out.departement = sum(dep_rows);
  out.region = sum(reg_rows);
  out.france = sum(fr_rows);
  std::map<std::string, BmoTotals> per_basin;
  for (const auto& r : territory_rows) per_basin[r.basin] += r.occupation.bmo;
  for (auto& b : out.basins) b.bmo = per_basin[b.code];
  occupation_rankings(w, territory_rows);
  const std::vector<AreaRow>* rows[4] = {&territory_rows, &dep_rows, &reg_rows, &fr_rows};
  family_figures(out, rows);
}

// ---- métiers en tension --------------------------------------------------------------------
void shortages(Work& w) {
  auto& out = w.out;
  auto r = w.tx.query_one("SELECT MAX(edition) FROM shortage_occupations");
  if (!r || r->is_null(0)) return;
  out.shortage_edition = r->text(0);
  out.shortage_source = "Liste des métiers en tension (arrêté de " + out.shortage_edition +
                        "), par région, codes FAP";
  for (const auto& s : w.tx.query("SELECT fap_code, fap_label FROM shortage_occupations WHERE "
                                  "edition = ? AND region_code = ? ORDER BY fap_code",
                                  {out.shortage_edition, out.region_code})) {
    out.shortages.push_back({s.text(0), s.text(1)});
  }
}

}  // namespace

BmoTotals& BmoTotals::operator+=(const BmoTotals& o) {
  rows += o.rows;
  projects += o.projects;
  projects_unpublished += o.projects_unpublished;
  difficult += o.difficult;
  difficult_unpublished += o.difficult_unpublished;
  seasonal += o.seasonal;
  seasonal_unpublished += o.seasonal_unpublished;
  difficult_share = ratio(difficult, projects);
  seasonal_share = ratio(seasonal, projects);
  return *this;
}

Result<Indicators> IndicatorService::compute(const std::string& structure_id,
                                             const std::string& territory_id) {
  auto tx = db_.read();
  auto t = tx.query_one("SELECT id, name, kind FROM territories WHERE id = ? AND structure_id = ?",
                        {territory_id, structure_id});
  if (!t) return Error::not_found("Territoire introuvable");
  Indicators out;
  out.territory_id = t->text(0);
  out.territory_name = t->text(1);
  out.territory_kind = std::string(
      referentials::territory_kind_label(referentials::parse_territory_kind(t->text(2))
                                             .value_or(referentials::TerritoryKind::kCustom)));
  out.geography_source = "COG 2026 (Insee), population municipale";
  Work w{tx, structure_id, territory_id, out};
  population_and_towns(w);
  basins_covered(w);
  bmo_vintage(w);
  basin_coverage(w);
  if (out.vintage) bmo_figures(w, areas_);
  shortages(w);
  detail::public_living_there(w);
  detail::targeted_fiches(w);
  if (out.vintage) detail::adequacy(w);
  detail::mobility(w);
  tx.commit();
  return out;
}

}  // namespace jalon::territorial
