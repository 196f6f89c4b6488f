#include "referentials/geography.h"

#include <map>

#include "core/text.h"
#include "referentials/json_array.h"
#include "referentials/table.h"

namespace jalon::referentials {
namespace {

const std::vector<std::string> kJson = {".json", ".json.gz"};
const std::vector<std::string> kCsv = {".csv", ".csv.gz"};

// INSEE commune codes: five characters, digits except Corsica's 2A/2B.
bool is_commune_code(std::string_view c) {
  if (c.size() != 5) return false;
  for (std::size_t i = 0; i < 5; ++i) {
    bool digit = c[i] >= '0' && c[i] <= '9';
    if (!digit && !(i == 1 && c[0] == '2' && (c[1] == 'A' || c[1] == 'B'))) return false;
  }
  return true;
}

bool is_postcode(std::string_view c) {
  return c.size() == 5 &&
         std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string commune_code(const JsonElement& e, std::string_view key) {
  std::string c = e.required(key);
  if (!is_commune_code(c)) e.fail(key, "code commune INSEE invalide « " + c + " »");
  return c;
}

// `lost_zeros`: the file went through a spreadsheet that read codes as numbers, so "03130"
// arrives as "3130" (France Travail's bassin file, départements 01 to 09).
std::string commune_code(const TableReader& in, const Column& c, bool lost_zeros = false) {
  std::string v = in.required(c);
  if (lost_zeros && v.size() == 4) v.insert(0, 1, '0');
  if (!is_commune_code(v)) in.fail(c, "code commune INSEE invalide « " + v + " »");
  return v;
}

void load_regions(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  std::string path = find_dataset_file(dir, "regions", kJson, true);
  TableLoader out(tx, {"regions", {"code", "name", "chef_lieu", "zone"}});
  int64_t n = for_each_json_object(path, p, [&](const JsonElement& e) {
    out.add({e.required("code"), e.required("nom"), e.text("chefLieu"), e.required("zone")},
            e.where("code"));
  });
  record_file(s, base_name(path), n, {&out});
}

void load_departements(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  std::string path = find_dataset_file(dir, "departements", kJson, true);
  TableLoader out(tx, {"departements", {"code", "name", "region_code", "chef_lieu", "zone"}});
  int64_t n = for_each_json_object(path, p, [&](const JsonElement& e) {
    out.add({e.required("code"), e.required("nom"), e.required("region"), e.text("chefLieu"),
             e.required("zone")},
            e.where("code"));
  });
  record_file(s, base_name(path), n, {&out});
}

void load_communes(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  std::string path = find_dataset_file(dir, "communes", kJson, true);
  TableLoader communes(tx, {"communes",
                            {"code", "name", "search_name", "kind", "departement_code",
                             "region_code", "parent_code", "siren", "population"}});
  TableLoader postcodes(tx, {"commune_postcodes", {"commune_code", "postcode"}, 2, {}, true});
  TableLoader former(tx, {"commune_former_codes", {"former_code", "commune_code"}, 2, {}, true});
  int64_t n = for_each_json_object(path, p, [&](const JsonElement& e) {
    std::string kind = e.required("type");
    std::string code = commune_code(e, "code");
    if (kind == "commune-deleguee" || kind == "commune-associee") {
      // A former commune now part of its chef-lieu; often it keeps the chef-lieu's own code.
      std::string chef = e.has("chefLieu") ? commune_code(e, "chefLieu") : std::string();
      if (chef.empty() || chef == code) {
        ++s.rows_skipped;
      } else {
        former.add({code, chef}, e.where("chefLieu"));
      }
      return;
    }
    if (kind != "commune-actuelle" && kind != "arrondissement-municipal") {
      e.fail("type", "type de commune inconnu « " + kind + " »");
    }
    std::string name = e.required("nom");
    std::string parent = kind == "arrondissement-municipal" ? commune_code(e, "commune") : "";
    auto population = e.optional_integer("population");
    if (population && *population < 0) e.fail("population", "population négative");
    communes.add({code, name, commune_search_name(name), kind, e.required("departement"),
                  e.required("region"), parent.empty() ? store::Value() : store::Value(parent),
                  e.has("siren") ? store::Value(e.text("siren")) : store::Value(), population},
                 e.where("code"));
    for (const auto& pc : e.strings("codesPostaux")) {
      if (!is_postcode(pc)) e.fail("codesPostaux", "code postal invalide « " + pc + " »");
      postcodes.add({code, pc}, e.where("codesPostaux"));
    }
    for (const auto& old : e.strings("anciensCodes")) {
      if (!is_commune_code(old))
        e.fail("anciensCodes", "code commune INSEE invalide « " + old + " »");
      if (old != code) former.add({old, code}, e.where("anciensCodes"));
    }
  });
  record_file(s, base_name(path), n, {&communes, &postcodes, &former});
}

void load_epcis(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  std::string path = find_dataset_file(dir, "epci", kJson, true);
  TableLoader epcis(tx, {"epcis", {"code", "name", "kind", "financing", "population"}});
  TableLoader members(tx, {"epci_communes", {"commune_code", "epci_code"}});
  int64_t n = for_each_json_object(path, p, [&](const JsonElement& e) {
    std::string code = e.required("code");
    if (code.size() != 9) e.fail("code", "numéro SIREN d'EPCI invalide « " + code + " »");
    epcis.add({code, e.required("nom"), e.required("type"), e.text("modeFinancement"),
               e.optional_integer("populationTotale")},
              e.where("code"));
    for (const auto& m : e.objects("membres"))
      members.add({commune_code(m, "code"), code}, m.where("code"));
  });
  record_file(s, base_name(path), n, {&epcis, &members});
}

// A table of commune -> area (zone or basin) with the area's name on each row. The published
// files are not always consistent (France Travail's names bassin 8410 "TARENTAISE" on 89 rows and
// "T+L23ARENTAISE" on one): the name most rows give wins, and the others are reported.
struct AreaFile {
  const char* dataset;
  const char* file_prefix;
  const char* code_prefix;  // header of the area code, without its year ("codze2020")
  const char* name_prefix;  // header of the area name
  const char* areas_table;
  const char* members_table;
  const char* area_column;
  bool lost_zeros;
};

void load_memberships(store::Tx& tx, TableReader& in, const AreaFile& f, ImportSummary& s) {
  std::string code_prefix = f.code_prefix, name_prefix = f.name_prefix;
  Column commune = in.column({"codgeo"});
  Column area = in.column_where(code_prefix + "… (code de la zone)",
                                [&](std::string_view h) { return h.starts_with(code_prefix); });
  Column area_name = in.column_where(name_prefix + "… (nom de la zone)", [&](std::string_view h) {
    return h.starts_with(name_prefix);
  });
  struct NameVotes {
    std::map<std::string, std::pair<int64_t, int64_t>> names;  // name -> (rows, first line)
  };
  std::map<std::string, NameVotes> votes;
  TableLoader members(tx, {f.members_table, {"commune_code", f.area_column}});
  while (in.next()) {
    std::string a = in.required(area);
    auto [it, fresh] = votes[a].names.try_emplace(in.required(area_name), 0, in.line());
    ++it->second.first;
    members.add({commune_code(in, commune, f.lost_zeros), a}, in.where(&commune));
  }
  TableLoader areas(tx, {f.areas_table, {"code", "name"}});
  for (const auto& [code, v] : votes) {
    auto best = v.names.begin();
    for (auto it = v.names.begin(); it != v.names.end(); ++it) {
      if (it->second.first > best->second.first ||
          (it->second.first == best->second.first && it->second.second < best->second.second)) {
        best = it;
      }
    }
    for (auto it = v.names.begin(); it != v.names.end(); ++it) {
      if (it == best) continue;
      s.warnings.push_back(in.file() + " : zone " + code + " nommée « " + best->first + " » (" +
                           std::to_string(best->second.first) + " lignes) ; « " + it->first +
                           " » (" + std::to_string(it->second.first) + " ligne(s), dont la ligne " +
                           std::to_string(it->second.second) + ") écarté");
    }
    areas.add({code, best->first}, {in.file(), Location::line(best->second.second), {}});
  }
  record_file(s, in, {&areas, &members});
}

Result<ImportSummary> import_areas(store::Database& db, const std::string& path,
                                   const ImportOptions& options, const AreaFile& f) {
  return run_import(db, options, f.dataset, [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, f.file_prefix, kCsv, true);
    s.edition = year_in_name(file);
    auto in = open_table(file, {.separator = ',', .progress = &p});
    load_memberships(tx, *in, f, s);
  });
}

}  // namespace

std::string commune_search_name(std::string_view name) {
  std::string folded = text::fold(name), out;
  for (char ch : folded) {
    bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (keep) {
      out += ch;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<ImportSummary> import_communes(store::Database& db, const std::string& path,
                                      const ImportOptions& options) {
  return run_import(db, options, "communes", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    require_directory(path);
    s.edition = year_in_name(path);
    load_regions(tx, path, s, p);
    load_departements(tx, path, s, p);
    load_communes(tx, path, s, p);
    load_epcis(tx, path, s, p);
  });
}

Result<ImportSummary> import_centroids(store::Database& db, const std::string& path,
                                       const ImportOptions& options) {
  return run_import(db, options, "centroides", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, "corresp_geo_point_codes_communes", kCsv, true);
    s.edition = year_in_name(file);
    auto in = open_table(file, {.separator = ';', .progress = &p});
    Column code = in->column({"Code_Officiel_Commune", "code_commune", "codgeo"});
    Column lat = in->column({"latitude"}), lon = in->column({"longitude"});
    TableLoader out(tx, {"commune_centroids", {"commune_code", "latitude", "longitude"}});
    while (in->next()) {
      double la = in->decimal(lat), lo = in->decimal(lon);
      if (la < -90 || la > 90) in->fail(lat, "latitude hors de [-90, 90]");
      if (lo < -180 || lo > 180) in->fail(lon, "longitude hors de [-180, 180]");
      out.add({commune_code(*in, code), la, lo}, in->where(&code));
    }
    record_file(s, *in, {&out});
  });
}

Result<ImportSummary> import_employment_zones(store::Database& db, const std::string& path,
                                              const ImportOptions& options) {
  return import_areas(db, path, options,
                      {"zones-emploi", "Export_Communes_Zones_Emploi", "codze", "libze",
                       "employment_zones", "employment_zone_communes", "zone_code", false});
}

Result<ImportSummary> import_employment_basins(store::Database& db, const std::string& path,
                                               const ImportOptions& options) {
  return import_areas(db, path, options,
                      {"bassins-emploi", "France_Travail_Bassin_Emploi", "codbe", "libbe",
                       "employment_basins", "employment_basin_communes", "basin_code", true});
}

}  // namespace jalon::referentials
