// Importing ROME v3 (France Travail's job taxonomy) from the files its producer publishes:
// - import_rome: the directory of "Toutes les données du ROME" CSV files (v347:
// unix_*_v347_utf8.csv
//   — fiches, tree, appellations, savoirs, work environments, fiche items, mobilities, texts,
//   RIASEC; optionally unix_item_v347*.csv for activity labels). Comma-separated, every field
//   quoted, UTF-8; the Oracle export doubles apostrophes ('' for '), which is undone.
// - import_rome_2024: les emplois de l'inclusion's ROME fixtures (pg_dump COPY blocks of
//   jobs_rome.sql and jobs_appellation.sql), newer than v347; they add the appellations and fiches
//   v347 lacks without overwriting what v347 owns. Import v347 first (`import all` does): rows
//   are owned by the data set that first wrote them.
// Both rebuild the ROME search index when fiches or appellations changed.
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_rome(store::Database& db, const std::string& path,
                                  const ImportOptions& options = {});
Result<ImportSummary> import_rome_2024(store::Database& db, const std::string& path,
                                       const ImportOptions& options = {});

}  // namespace jalon::referentials
