// Finding a ROME fiche from the words a counselor or a beneficiary types: "aide soignante",
// "developpeur", "auxilliaire de vie". The search index holds each fiche's label and each
// appellation (long label with both genders, and short label); accents and case are ignored,
// every word matches as a prefix, and a word the index does not know is replaced by the closest
// one it knows (store::SearchIndex::corrected_terms). Hits are grouped by fiche and ranked the same
// way on both engines (words also match their other French forms: "livraison" finds "Livreur",
// words as typed first; a ROME code finds its fiche): a fiche ranks by its label or appellation
// that the query covers best (store::coverage), helped a little by how many of its appellations
// match.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace jalon::referentials {

struct RomeMatch {
  std::string code;   // "J1501"
  std::string label;  // "Soins d'hygiène, de confort du patient"
  // The appellation that matched best ("Aide-soignant / Aide-soignante"); empty when the
  // fiche's own label did.
  std::string appellation_code;
  std::string appellation_label;
  double score = 0;  // higher is better; comparable within one result list only
};

inline constexpr int kRomeSearchMaxResults = 20;

// At most `limit` fiches (capped at kRomeSearchMaxResults), best first.
std::vector<RomeMatch> search_rome(store::Database& db, std::string_view query,
                                   int limit = kRomeSearchMaxResults);

// The ROME code a query spells ("d1102", "D 1102" -> "D1102"), if it is one.
std::optional<std::string> as_rome_code(std::string_view query);

// Rebuilds the index and its typo vocabulary from rome_codes and rome_appellations (the ROME
// importers call it in their transaction).
void rebuild_rome_search_index(store::Tx& tx);

}  // namespace jalon::referentials
