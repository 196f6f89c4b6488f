// NAF rév. 2 (INSEE's classification of activities) and the hirings of each ROME job by NAF
// sector (DPAE counts, as La Bonne Boîte computed them):
// - import_naf: every level from the npm package @socialgouv/codes-naf (naf_index.json: id,
//   label), codes written as INSEE does ("01", "01.1", "01.11", "01.11Z"), each with its parent.
// - import_rome_naf: rome_naf_mapping.csv (rome_id, naf_id without the dot, hirings); NAF codes
//   are stored dotted, like naf_codes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

Result<ImportSummary> import_naf(store::Database& db, const std::string& path,
                                 const ImportOptions& options = {});
Result<ImportSummary> import_rome_naf(store::Database& db, const std::string& path,
                                      const ImportOptions& options = {});

// "0111Z" or "01.11Z" -> "01.11Z"; nullopt when it is not a NAF sub-class code.
std::optional<std::string> dotted_naf_code(std::string_view code);

}  // namespace jalon::referentials
