// `jalon import offers FILE` and the upload page: job offers as France Travail's "Offres
// d'emploi" API publishes them — the answer of /offres/search ({filtresPossibles, resultats:
// [offre…]}), a JSON array of offers, or one offer (/offres/{id}). Each offer keeps its France
// Travail id as its key, so a newer file updates it (an offer keeps its Jalon id). All-or-nothing
// (one transaction; an error names the element, the offer id and the field), idempotent (the
// same file again changes nothing), additive (offers the file does not have stay).
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::employers {

Result<referentials::ImportSummary> import_offers(store::Database& db, const std::string& path,
                                                  const referentials::ImportOptions& options);
// The same from bytes already read (an upload); `name` names the file in messages.
Result<referentials::ImportSummary> import_offers_text(store::Database& db, const std::string& name,
                                                       const std::string& text,
                                                       const referentials::ImportOptions& options);

}  // namespace jalon::employers
