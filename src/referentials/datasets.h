// The referential data sets Jalon knows how to import, in the order `jalon import all` loads
// them (régions before the list of occupations in shortage, which names them), with where each
// lives in the shipped data/ directory.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

struct Dataset {
  std::string_view name;         // as typed after `jalon import`
  std::string_view description;  // French, for --help
  std::string_view shipped;      // path under data/ (a file or a directory)
  Result<ImportSummary> (*import)(store::Database&, const std::string&, const ImportOptions&);
};

std::span<const Dataset> datasets();
const Dataset* find_dataset(std::string_view name);
// Whether an import of this data set has ever changed the store (referential_datasets).
bool dataset_imported(store::Database& db, std::string_view name);

}  // namespace jalon::referentials
