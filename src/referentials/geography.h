// Importing the geography of France from the files its producers publish:
// - import_communes: the COG as the npm package @etalab/decoupage-administratif ships it, a
//   directory holding regions.json, departements.json, communes.json and epci.json (.json.gz
//   too). Current communes and municipal arrondissements become communes, with their postcodes
//   and population; delegated and associated communes, and the `anciensCodes` of merged ones,
//   become former codes, so data keyed by an older COG still finds its commune.
// - import_centroids: commune centroids (`;`-separated: Code_Officiel_Commune, latitude,
//   longitude).
// - import_employment_zones: INSEE zones d'emploi (codgeo, codzeYYYY, libzeYYYY; UTF-8 + BOM).
// - import_employment_basins: France Travail bassins d'emploi (codgeo, codbe, libbe; UTF-8 + BOM).
//   The published file lost the leading zero of the communes of départements 01 to 09 ("3130"
//   for 03130): four-digit codes get it back.
// The edition recorded is the year in the file or directory name ("cog-2026" -> 2026).
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_communes(store::Database& db, const std::string& path,
                                      const ImportOptions& options = {});
Result<ImportSummary> import_centroids(store::Database& db, const std::string& path,
                                       const ImportOptions& options = {});
Result<ImportSummary> import_employment_zones(store::Database& db, const std::string& path,
                                              const ImportOptions& options = {});
Result<ImportSummary> import_employment_basins(store::Database& db, const std::string& path,
                                               const ImportOptions& options = {});

// A commune's name as searches compare it: folded to lower-case ASCII, every run of other
// characters one space ("Saint-Étienne-de-Crossey" -> "saint etienne de crossey").
std::string commune_search_name(std::string_view name);

}  // namespace jalon::referentials
