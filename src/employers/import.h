// `jalon import employers FILE`: the establishments of the published SIRENE establishment CSV
// (StockEtablissement, or an extract of the annuaire with the unit's name), columns found by
// header name. All-or-nothing (one transaction, line-level errors naming the column), idempotent
// (an establishment keeps its id; re-importing the same file changes nothing), and additive:
// establishments the file does not have stay (another département's file, a counselor's entry).
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::employers {

Result<referentials::ImportSummary> import_employers(store::Database& db, const std::string& path,
                                                     const referentials::ImportOptions& options);

}  // namespace jalon::employers
