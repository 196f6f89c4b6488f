// BMO ("Besoins en main-d'œuvre"), France Travail's yearly survey of recruitment projects by
// occupation (FAP-based "Code métier BMO") and employment basin, read from the .xlsx workbook as
// France Travail publishes it (the data sheet is the one whose header has annee, met, xmet and
// smet) or from the same table as CSV. The vintage comes from the `annee` column: importing BMO
// 2025 adds it beside 2024, and re-importing a vintage replaces only that vintage. A cell
// published as `*` (below the publication threshold) is stored as unknown — NULL with its
// *_below_threshold flag — never as 0. Basin columns are found by shape (BE24/NOMBE24,
// BE25/NOMBE25 …) since their names carry the basin map's year.
#pragma once
#include <optional>
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_bmo(store::Database& db, const std::string& path,
                                 const ImportOptions& options = {});

// One BMO figure: a count, or unknown when below the publication threshold.
struct BmoCount {
  std::optional<int64_t> value;  // nullopt: below the threshold
  bool below_threshold() const { return !value.has_value(); }
};

struct BmoBasinTotals {
  int vintage = 0;
  std::string basin_code, basin_name;
  int64_t projects = 0, difficult = 0, seasonal = 0;  // sums of the published figures
  int64_t cells_below_threshold = 0;                  // figures not published, so not in the sums
};

// Totals of a basin's recruitment projects for a vintage (published figures only); not found
// when the store has no such basin in that vintage.
Result<BmoBasinTotals> bmo_basin_totals(store::Database& db, int vintage, std::string_view basin);

}  // namespace jalon::referentials
