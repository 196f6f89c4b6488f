// FAP, the DARES nomenclature of occupational families ("familles professionnelles") that BMO and
// the list of occupations in shortage use, in its two editions:
// - import_fap2021: Intitules_FAP2021.csv (`;`, UTF-8 with BOM): one row per 341-level family
//   with its 228-, 86- and 22-level parents; every level is stored, each with its parent.
// - import_fap2009: DARES's SAS programs in Windows-1252 (a directory holding
//   intitule_fap2009.txt — labels of the 22, 87 and 225 levels — and passage_fap2009_romev3.txt
//   — ROME v3 to FAP 2009, by ROME code alone or by ROME code and qualification).
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_fap2021(store::Database& db, const std::string& path,
                                     const ImportOptions& options = {});
Result<ImportSummary> import_fap2009(store::Database& db, const std::string& path,
                                     const ImportOptions& options = {});

}  // namespace jalon::referentials
