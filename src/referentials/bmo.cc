#include "referentials/bmo.h"

#include <cctype>

#include "referentials/table.h"

namespace jalon::referentials {
namespace {

constexpr const char* kBelowThreshold = "*";

bool matches_year_suffix(std::string_view header, std::string_view prefix) {
  if (!header.starts_with(prefix) || header.size() != prefix.size() + 2) return false;
  return std::isdigit(static_cast<unsigned char>(header[prefix.size()])) &&
         std::isdigit(static_cast<unsigned char>(header[prefix.size() + 1]));
}

// A count cell: a non-negative integer, or `*` for a figure below the publication threshold.
std::pair<store::Value, int> count_cell(const TableReader& in, const Column& c) {
  std::string v = in.text(c);
  if (v == kBelowThreshold) return {store::Value(), 1};
  if (v.empty()) in.fail(c, "valeur vide (un nombre ou * attendu)");
  int64_t n = in.integer(c);
  if (n < 0) in.fail(c, "nombre négatif");
  return {store::Value(static_cast<long long>(n)), 0};
}

void load_bmo(store::Tx& tx, TableReader& in, ImportSummary& s) {
  Column year = in.column({"annee"});
  Column code = in.column({"Code métier BMO"}), label = in.column({"Nom métier BMO"});
  Column family = in.column({"Famille_met"}), family_label = in.column({"Lbl_fam_met"});
  Column region = in.column({"REG"}), dept = in.column({"Dept"});
  Column basin = in.column_where("BEAA (code du bassin d'emploi)",
                                 [](std::string_view h) { return matches_year_suffix(h, "be"); });
  Column basin_name = in.column_where("NOMBEAA (nom du bassin d'emploi)", [](std::string_view h) {
    return matches_year_suffix(h, "nombe");
  });
  Column met = in.column({"met"}), xmet = in.column({"xmet"}), smet = in.column({"smet"});
  if (!in.next()) throw ImportError({in.file(), {}, {}}, "aucune ligne de données");
  int64_t vintage = in.integer(year);
  if (vintage < 2000 || vintage > 2100)
    in.fail(year, "année invalide : " + std::to_string(vintage));
  s.edition = std::to_string(vintage);
  TableLoader occupations(tx,
                          {"bmo_occupations",
                           {"vintage", "code", "label", "family_code", "family_label"},
                           2,
                           "vintage",
                           true},
                          vintage);
  TableLoader basins(tx, {"bmo_basins", {"vintage", "code", "name"}, 2, "vintage", true}, vintage);
  TableLoader projects(tx,
                       {"bmo_projects",
                        {"vintage", "occupation_code", "basin_code", "departement_code",
                         "region_code", "projects", "projects_below_threshold", "difficult",
                         "difficult_below_threshold", "seasonal", "seasonal_below_threshold"},
                        4,
                        "vintage"},
                       vintage);
  do {
    if (in.integer(year) != vintage) {
      in.fail(year, "année " + in.text(year) + " dans un fichier de l'année " +
                        std::to_string(vintage) + " (un fichier par millésime)");
    }
    std::string occupation = in.required(code), b = in.required(basin);
    occupations.add(
        {vintage, occupation, in.required(label), in.required(family), in.required(family_label)},
        in.where(&label));
    basins.add({vintage, b, in.required(basin_name)}, in.where(&basin_name));
    auto [p, p_below] = count_cell(in, met);
    auto [d, d_below] = count_cell(in, xmet);
    auto [z, z_below] = count_cell(in, smet);
    projects.add({vintage, occupation, b, in.required(dept), in.required(region), p, p_below, d,
                  d_below, z, z_below},
                 in.where(&code));
  } while (in.next());
  record_file(s, in, {&occupations, &basins, &projects});
}

}  // namespace

Result<ImportSummary> import_bmo(store::Database& db, const std::string& path,
                                 const ImportOptions& options) {
  return run_import(db, options, "bmo", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file =
        find_dataset_file(path, "Base_open_data_BMO", {".xlsx", ".csv", ".csv.gz"}, true);
    auto in = open_table(
        file,
        {.separator = ',', .sheet_columns = {"annee", "met", "xmet", "smet"}, .progress = &p});
    load_bmo(tx, *in, s);
  });
}

Result<BmoBasinTotals> bmo_basin_totals(store::Database& db, int vintage, std::string_view basin) {
  auto tx = db.read();
  auto name =
      tx.query_one("SELECT name FROM bmo_basins WHERE vintage = ? AND code = ?", {vintage, basin});
  if (!name)
    return Error::not_found("Bassin " + std::string(basin) + " absent du BMO " +
                            std::to_string(vintage));
  auto r = tx.query_one(
      "SELECT COALESCE(SUM(projects), 0), COALESCE(SUM(difficult), 0), COALESCE(SUM(seasonal), 0), "
      "SUM(projects_below_threshold + difficult_below_threshold + seasonal_below_threshold) "
      "FROM bmo_projects WHERE vintage = ? AND basin_code = ?",
      {vintage, basin});
  tx.commit();
  return BmoBasinTotals{vintage,   std::string(basin), name->text(0), r->i64(0),
                        r->i64(1), r->i64(2),          r->i64(3)};
}

}  // namespace jalon::referentials
