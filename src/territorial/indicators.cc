#include "territorial/indicators.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "beneficiaries/referentials.h"
#include "referentials/communes.h"
#include "referentials/sql.h"
#include "referentials/territory.h"

namespace jalon::territorial {
namespace {

using referentials::placeholders;

constexpr int kTop = 10;
constexpr int kHubs = 5;
constexpr int64_t kRecruitingProjects = 50;  // "recruited" in the adequacy table: ≥ this many

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

// An area's figures per occupation (with its family), and per basin when by_basin (the basin
// code then in OccupationFigure::family_code's place is not used: see basin_of_row).
struct Row {
  std::string basin;
  OccupationFigure occupation;
};

std::vector<Row> area_rows(store::Tx& tx, int vintage, const Area& a, bool by_basin) {
  std::string basin = by_basin ? "p.basin_code" : "''";
  store::Params params{vintage};
  params.insert(params.end(), a.params.begin(), a.params.end());
  std::vector<Row> out;
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

// The comparison areas (a département, a région, France) are the same for every territory:
// kept per BMO import (the referential_datasets row of the vintage), so a dashboard reads only
// its own bassins.
std::vector<Row> cached_area_rows(store::Tx& tx, int vintage, const Area& a) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<Row>> cache;
  auto stamp = tx.query_one(
      "SELECT imported_at FROM referential_datasets WHERE dataset = 'bmo' "
      "AND edition = ?",
      {std::to_string(vintage)});
  std::string key =
      std::to_string(vintage) + "|" + (stamp ? std::to_string(stamp->i64(0)) : "") + "|" + a.where;
  for (const auto& p : a.params) key += "|" + p.to_string();
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto rows = area_rows(tx, vintage, a, false);
  std::lock_guard lock(mutex);
  if (cache.size() > 256) cache.clear();
  cache[key] = rows;
  return rows;
}

BmoTotals sum(const std::vector<Row>& rows) {
  BmoTotals t;
  for (const auto& r : rows) t += r.occupation.bmo;
  return t;
}

// Occupations summed over basins, by code.
std::vector<OccupationFigure> by_occupation(const std::vector<Row>& rows) {
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
std::map<std::string, std::pair<std::string, BmoTotals>> by_family(const std::vector<Row>& rows) {
  std::map<std::string, std::pair<std::string, BmoTotals>> m;
  for (const auto& r : rows) {
    auto& f = m[r.occupation.family_code];
    f.first = r.occupation.family_label;
    f.second += r.occupation.bmo;
  }
  return m;
}

std::vector<std::string> split_codes(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The BMO occupation (FAP 2021) of a FAP 2009 code: the 2021 revision renamed the kept
// occupations' third character Z to X ("A1Z40" -> "A1X40"); others have no counterpart.
std::string bmo_code_of_fap2009(const std::string& fap, const std::set<std::string>& bmo_codes) {
  if (fap.size() != 5) return {};
  std::string c = fap;
  c[2] = 'X';
  return bmo_codes.contains(c) ? c : std::string();
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

Result<Indicators> compute(store::Database& db, const std::string& structure_id,
                           const std::string& territory_id) {
  auto tx = db.read();
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

  // ---- population and towns ----------------------------------------------------------------
  const std::string members = "SELECT commune_code FROM territory_communes WHERE territory_id = ?";
  if (auto r = tx.query_one("SELECT COUNT(*), COALESCE(SUM(c.population), 0) FROM "
                            "territory_communes t JOIN communes c ON c.code = t.commune_code "
                            "WHERE t.territory_id = ?",
                            {territory_id})) {
    out.communes = r->i64(0);
    out.population = r->i64(1);
  }
  for (const auto& r : tx.query("SELECT c.code, c.name, COALESCE(c.population, 0) FROM "
                                "territory_communes t JOIN communes c ON c.code = t.commune_code "
                                "WHERE t.territory_id = ? ORDER BY c.population DESC, c.name "
                                "LIMIT 10",
                                {territory_id})) {
    out.main_towns.push_back({r.text(0), r.text(1), r.i64(2)});
  }
  // The département and région holding most of its population.
  if (auto r = tx.query_one(
          "SELECT c.departement_code, d.name, c.region_code, g.name FROM territory_communes t "
          "JOIN communes c ON c.code = t.commune_code JOIN departements d ON d.code = "
          "c.departement_code JOIN regions g ON g.code = c.region_code WHERE t.territory_id = ? "
          "GROUP BY c.departement_code, d.name, c.region_code, g.name "
          "ORDER BY SUM(COALESCE(c.population, 0)) DESC, c.departement_code LIMIT 1",
          {territory_id})) {
    out.departement_code = r->text(0);
    out.departement_name = r->text(1);
    out.region_code = r->text(2);
    out.region_name = r->text(3);
  }

  // ---- bassins covered ---------------------------------------------------------------------
  // A current commune's basin: through its own code, else through a former code.
  std::map<std::string, std::string> basin_of;  // commune -> basin
  std::map<std::string, int64_t> population_of;
  auto collect = [&](const std::string& filter, const store::Params& params,
                     std::map<std::string, std::map<std::string, int64_t>>* per_basin) {
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
    for (const auto& [code, pb] : found) {
      if (per_basin)
        (*per_basin)[pb.second][code] = pb.first;
      else {
        basin_of[code] = pb.second;
        population_of[code] = pb.first;
      }
    }
  };
  collect("c.code IN (" + members + ")", {territory_id}, nullptr);
  std::set<std::string> basin_codes;
  for (const auto& [c, b] : basin_of) basin_codes.insert(b);
  std::map<std::string, std::map<std::string, int64_t>> basin_members;
  if (!basin_codes.empty()) {
    store::Params params(basin_codes.begin(), basin_codes.end());
    const std::string in = "(" + placeholders(params.size()) + ")";
    collect("m.basin_code IN " + in, params, &basin_members);
  }

  // ---- BMO ---------------------------------------------------------------------------------
  if (auto r = tx.query_one("SELECT MAX(vintage) FROM bmo_projects"); r && !r->is_null(0)) {
    out.vintage = static_cast<int>(r->i64(0));
  }
  out.bmo_source = out.vintage ? "BMO " + std::to_string(out.vintage) +
                                     " (France Travail, enquête Besoins en main-d'œuvre)"
                               : "BMO non chargé";
  std::map<std::string, std::string> basin_names;
  for (const auto& r :
       tx.query("SELECT code, name FROM bmo_basins WHERE vintage = ?", {out.vintage})) {
    basin_names[r.text(0)] = r.text(1);
  }
  std::map<std::string, std::pair<int64_t, int64_t>> in_territory;  // basin -> communes, people
  for (const auto& [c, bc] : basin_of) {
    ++in_territory[bc].first;
    in_territory[bc].second += population_of[c];
  }
  for (const auto& code : basin_codes) {
    BasinCoverage b;
    b.code = code;
    b.name = basin_names.contains(code) ? basin_names[code] : code;
    for (const auto& [c, pop] : basin_members[code]) {
      ++b.communes_total;
      b.population_total += pop;
      if (pop > b.main_town.population || b.main_town.code.empty()) b.main_town = {c, "", pop};
    }
    b.communes_in = in_territory[code].first;
    b.population_in = in_territory[code].second;
    b.population_share =
        b.population_total > 0 ? static_cast<double>(b.population_in) / b.population_total : 0;
    if (auto n = tx.query_one("SELECT name FROM communes WHERE code = ?", {b.main_town.code})) {
      b.main_town.name = n->text(0);
    }
    out.basins.push_back(std::move(b));
  }
  std::sort(out.basins.begin(), out.basins.end(), [](const auto& a, const auto& b) {
    return a.population_in != b.population_in ? a.population_in > b.population_in : a.code < b.code;
  });

  Area territory_area{"1 = 0", {}};
  if (!basin_codes.empty()) {
    store::Params params(basin_codes.begin(), basin_codes.end());
    territory_area = {"p.basin_code IN (" + placeholders(params.size()) + ")", params};
  }
  const Area dep{"p.departement_code = ?", {out.departement_code}};
  const Area reg{"p.region_code = ?", {out.region_code}};
  const Area fr{"1 = 1", {}};
  std::vector<OccupationFigure> occupations;
  if (out.vintage) {
    auto territory_rows = area_rows(tx, out.vintage, territory_area, true);
    auto dep_rows = cached_area_rows(tx, out.vintage, dep);
    auto reg_rows = cached_area_rows(tx, out.vintage, reg);
    auto fr_rows = cached_area_rows(tx, out.vintage, fr);
    out.territory = sum(territory_rows);
    out.departement = sum(dep_rows);
    out.region = sum(reg_rows);
    out.france = sum(fr_rows);
    std::map<std::string, BmoTotals> per_basin;
    for (const auto& r : territory_rows) per_basin[r.basin] += r.occupation.bmo;
    for (auto& b : out.basins) b.bmo = per_basin[b.code];

    occupations = by_occupation(territory_rows);
    auto by_projects = [](const OccupationFigure& a, const OccupationFigure& b) {
      return a.bmo.projects != b.bmo.projects ? a.bmo.projects > b.bmo.projects : a.code < b.code;
    };
    std::sort(occupations.begin(), occupations.end(), by_projects);
    for (int i = 0; i < static_cast<int>(occupations.size()) && i < kTop; ++i) {
      out.top_volume.push_back(occupations[i]);
    }
    std::vector<OccupationFigure> ranked;
    for (const auto& o : occupations) {
      if (o.bmo.projects >= kMinProjects) ranked.push_back(o);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      if (a.bmo.difficult_share != b.bmo.difficult_share) {
        return a.bmo.difficult_share > b.bmo.difficult_share;
      }
      return a.bmo.projects != b.bmo.projects ? a.bmo.projects > b.bmo.projects : a.code < b.code;
    });
    for (int i = 0; i < static_cast<int>(ranked.size()) && i < kTop; ++i) {
      out.top_difficulty.push_back(ranked[i]);
    }
    std::vector<OccupationFigure> seasonal;
    for (const auto& o : occupations) {
      if (o.bmo.projects >= kMinProjects && o.bmo.seasonal_share >= 0.5) seasonal.push_back(o);
    }
    std::sort(seasonal.begin(), seasonal.end(), [](const auto& a, const auto& b) {
      return a.bmo.seasonal != b.bmo.seasonal ? a.bmo.seasonal > b.bmo.seasonal : a.code < b.code;
    });
    for (int i = 0; i < static_cast<int>(seasonal.size()) && i < kTop; ++i) {
      out.seasonal_jobs.push_back(seasonal[i]);
    }

    // Families, beside the département, the région and France.
    std::map<std::string, FamilyFigure> families;
    auto add = [&](const std::vector<Row>& rows, BmoTotals FamilyFigure::*field) {
      for (const auto& [code, f] : by_family(rows)) {
        auto& ff = families[code];
        ff.code = code;
        ff.label = f.first;
        ff.*field = f.second;
      }
    };
    add(territory_rows, &FamilyFigure::territory);
    add(dep_rows, &FamilyFigure::departement);
    add(reg_rows, &FamilyFigure::region);
    add(fr_rows, &FamilyFigure::france);
    auto share = [](int64_t part, int64_t whole) {
      return whole > 0 ? static_cast<double>(part) / whole : 0.0;
    };
    for (auto& [code, f] : families) {
      f.share_territory = share(f.territory.projects, out.territory.projects);
      f.share_departement = share(f.departement.projects, out.departement.projects);
      f.share_region = share(f.region.projects, out.region.projects);
      f.share_france = share(f.france.projects, out.france.projects);
      if (f.territory.rows > 0) out.families.push_back(f);
    }
    std::sort(out.families.begin(), out.families.end(), [](const auto& a, const auto& b) {
      return a.territory.projects != b.territory.projects
                 ? a.territory.projects > b.territory.projects
                 : a.code < b.code;
    });
  }

  // ---- métiers en tension ------------------------------------------------------------------
  if (auto r = tx.query_one("SELECT MAX(edition) FROM shortage_occupations"); r && !r->is_null(0)) {
    out.shortage_edition = r->text(0);
    out.shortage_source = "Liste des métiers en tension (arrêté de " + out.shortage_edition +
                          "), par région, codes FAP";
    for (const auto& s : tx.query("SELECT fap_code, fap_label FROM shortage_occupations WHERE "
                                  "edition = ? AND region_code = ? ORDER BY fap_code",
                                  {out.shortage_edition, out.region_code})) {
      out.shortages.push_back({s.text(0), s.text(1)});
    }
  }

  // ---- the structure's public living there -------------------------------------------------
  const std::string people =
      "SELECT id FROM beneficiaries WHERE structure_id = ? AND status = 'en_cours' AND "
      "commune_code IN (" +
      members + ")";
  std::map<std::string, int64_t> theme_people;
  std::map<std::string, std::pair<std::string, int64_t>> commune_people;  // code -> name, n
  std::map<std::string, std::string> commune_of;                          // person -> commune
  for (const auto& r : tx.query("SELECT id, barrier_themes, commune_code, commune_name FROM "
                                "beneficiaries WHERE id IN (" +
                                    people + ")",
                                {structure_id, territory_id})) {
    ++out.caseload;
    for (const auto& theme : split_codes(r.text(1), ',')) ++theme_people[theme];
    auto& cp = commune_people[r.text(2)];
    cp.first = r.text(3);
    ++cp.second;
    commune_of[r.text(0)] = r.text(2);
  }
  for (const auto& th : beneficiaries::themes()) {
    auto it = theme_people.find(std::string(th.code));
    if (it != theme_people.end()) {
      out.barriers.push_back({std::string(th.code), std::string(th.label), it->second});
    }
  }
  std::stable_sort(out.barriers.begin(), out.barriers.end(),
                   [](const Count& a, const Count& b) { return a.people > b.people; });

  // Each person's latest project: the ROME fiches they target and their mobility radius.
  std::map<std::string, std::pair<std::string, int64_t>> latest;  // person -> appellations, km
  for (const auto& r : tx.query("SELECT beneficiary_id, appellations, mobility_km FROM "
                                "project_records WHERE beneficiary_id IN (" +
                                    people + ") ORDER BY recorded_at",
                                {structure_id, territory_id})) {
    latest[r.text(0)] = {r.text(1), r.i64(2)};
  }
  std::map<std::string, std::string> rome_of_appellation, rome_labels;
  std::set<std::string> wanted_appellations;
  for (const auto& [person, p] : latest) {
    for (const auto& a : split_codes(p.first, ',')) wanted_appellations.insert(a);
  }
  if (!wanted_appellations.empty()) {
    store::Params params(wanted_appellations.begin(), wanted_appellations.end());
    for (const auto& r : tx.query("SELECT a.code, a.rome_code, c.label FROM rome_appellations a "
                                  "JOIN rome_codes c ON c.code = a.rome_code WHERE a.code IN (" +
                                      placeholders(params.size()) + ")",
                                  params)) {
      rome_of_appellation[r.text(0)] = r.text(1);
      rome_labels[r.text(1)] = r.text(2);
    }
  }
  std::map<std::string, int64_t> rome_people;
  for (const auto& [person, p] : latest) {
    std::set<std::string> romes;
    for (const auto& a : split_codes(p.first, ',')) {
      if (rome_of_appellation.contains(a)) romes.insert(rome_of_appellation[a]);
    }
    for (const auto& r : romes) ++rome_people[r];
  }
  for (const auto& [code, n] : rome_people) out.targets.push_back({code, rome_labels[code], n});
  std::stable_sort(out.targets.begin(), out.targets.end(),
                   [](const Count& a, const Count& b) { return a.people > b.people; });

  // ---- adequacy: targeted fiches against the BMO needs ------------------------------------
  if (out.vintage) {
    std::set<std::string> bmo_codes;
    std::map<std::string, OccupationFigure> by_code;
    for (const auto& r :
         tx.query("SELECT code FROM bmo_occupations WHERE vintage = ?", {out.vintage})) {
      bmo_codes.insert(r.text(0));
    }
    for (const auto& o : occupations) by_code[o.code] = o;
    std::set<std::string> wanted_bmo;
    for (const auto& target : out.targets) {
      AdequacyRow row;
      row.rome_code = target.code;
      row.rome_label = target.label;
      row.people = target.people;
      for (const auto& f : tx.query("SELECT fap_code FROM rome_fap2009 WHERE rome_code = ? "
                                    "ORDER BY qualification",
                                    {target.code})) {
        row.bmo_code = bmo_code_of_fap2009(f.text(0), bmo_codes);
        if (!row.bmo_code.empty()) break;
      }
      if (!row.bmo_code.empty()) {
        wanted_bmo.insert(row.bmo_code);
        if (auto it = by_code.find(row.bmo_code); it != by_code.end()) {
          row.bmo_label = it->second.label;
          row.projects = it->second.bmo.projects;
          row.projects_unpublished = it->second.bmo.projects_unpublished;
          row.difficult_share = it->second.bmo.difficult_share;
          row.difficult_unpublished = it->second.bmo.difficult_unpublished;
        } else if (auto l = tx.query_one("SELECT label FROM bmo_occupations WHERE vintage = ? AND "
                                         "code = ?",
                                         {out.vintage, row.bmo_code})) {
          row.bmo_label = l->text(0);
        }
      }
      row.category = row.projects >= kRecruitingProjects ? "voulu-recrute" : "voulu-rare";
      out.adequacy.push_back(row);
    }
    for (const auto& o : out.top_volume) {
      if (wanted_bmo.contains(o.code)) continue;
      AdequacyRow row;
      row.bmo_code = o.code;
      row.bmo_label = o.label;
      row.projects = o.bmo.projects;
      row.projects_unpublished = o.bmo.projects_unpublished;
      row.difficult_share = o.bmo.difficult_share;
      row.difficult_unpublished = o.bmo.difficult_unpublished;
      row.category = "recrute-non-voulu";
      out.adequacy.push_back(row);
    }
  }

  // ---- mobility: from where people live to the recruiting towns ---------------------------
  std::vector<const BasinCoverage*> hubs;
  for (const auto& b : out.basins) hubs.push_back(&b);
  std::sort(hubs.begin(), hubs.end(), [](const BasinCoverage* a, const BasinCoverage* b) {
    return a->bmo.projects != b->bmo.projects ? a->bmo.projects > b->bmo.projects
                                              : a->code < b->code;
  });
  if (hubs.size() > kHubs) hubs.resize(kHubs);
  std::map<std::string, referentials::GeoPoint> centroid;
  {
    std::set<std::string> codes;
    for (const auto* h : hubs) codes.insert(h->main_town.code);
    for (const auto& [c, _] : commune_people) codes.insert(c);
    if (!codes.empty()) {
      store::Params params(codes.begin(), codes.end());
      for (const auto& r : tx.query("SELECT commune_code, latitude, longitude FROM "
                                    "commune_centroids WHERE commune_code IN (" +
                                        placeholders(params.size()) + ")",
                                    params)) {
        centroid[r.text(0)] = {r.f64(1), r.f64(2)};
      }
    }
  }
  for (const auto* h : hubs) {
    if (!centroid.contains(h->main_town.code)) continue;
    out.hubs.push_back({h->main_town.code, h->main_town.name, centroid[h->main_town.code].latitude,
                        centroid[h->main_town.code].longitude});
  }
  std::map<std::string, MobilityRow> rows;
  for (const auto& [code, np] : commune_people) {
    MobilityRow row;
    row.commune_code = code;
    row.commune_name = np.first;
    row.people = np.second;
    row.km = -1;
    if (centroid.contains(code)) {
      row.point = std::pair{centroid[code].latitude, centroid[code].longitude};
      for (const auto* h : hubs) {
        if (!centroid.contains(h->main_town.code)) continue;
        double km = referentials::great_circle_km(centroid[code], centroid[h->main_town.code]);
        if (row.km < 0 || km < row.km) {
          row.km = km;
          row.hub_code = h->main_town.code;
          row.hub_name = h->main_town.name;
        }
      }
    }
    rows[code] = row;
  }
  for (const auto& [person, p] : latest) {
    auto it = rows.find(commune_of[person]);
    if (it == rows.end() || it->second.km < 0) continue;
    ++it->second.with_radius;
    if (static_cast<double>(p.second) >= it->second.km) ++it->second.within_radius;
  }
  for (auto& [code, row] : rows) {
    out.mobility_within += row.within_radius;
    out.mobility_with_radius += row.with_radius;
    out.mobility.push_back(row);
  }
  std::sort(out.mobility.begin(), out.mobility.end(), [](const auto& a, const auto& b) {
    return a.people != b.people ? a.people > b.people : a.commune_code < b.commune_code;
  });
  tx.commit();
  return out;
}

}  // namespace jalon::territorial
