// The official list of occupations in shortage ("métiers en tension", arrêté of March 2024), by
// région, as FAP families: metiers_en_tension_<mois>_<année>.csv (Region, Famille
// Professionnelle, Code FAP). The edition ("2024-03") comes from the file name; each edition is
// kept beside the others. Région names are matched to COG codes when the régions are imported
// (accents and case aside); "France entière" is the national list (no région code).
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_shortage_occupations(store::Database& db, const std::string& path,
                                                  const ImportOptions& options = {});

// "metiers_en_tension_mars_2024.csv" -> "2024-03"; "…_2024.csv" -> "2024"; "" without a year.
std::string edition_from_file_name(const std::string& file);

}  // namespace jalon::referentials
