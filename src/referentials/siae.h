// SIAE conventions (structures d'insertion par l'activité économique), as the ASP lists them and
// les emplois de l'inclusion ships them (a Django fixture: model companies.siaeconvention, fields
// asp_id, kind, siret_signature, is_active, created_at, deactivated_at). No names or addresses:
// they join SIRENE establishments on the SIRET.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::referentials {

enum class SiaeKind { kAci, kEi, kAi, kEtti, kEiti };

// "ACI" … as the ASP writes them, and the French labels users read.
std::string_view siae_kind_code(SiaeKind k);
std::string_view siae_kind_label(SiaeKind k);
std::optional<SiaeKind> parse_siae_kind(std::string_view code);

Result<ImportSummary> import_siae(store::Database& db, const std::string& path,
                                  const ImportOptions& options = {});

}  // namespace jalon::referentials
