// Full-text search over French text, one interface for both engines: SQLite FTS5 with the
// unicode61 tokenizer removing diacritics, PostgreSQL tsvector with the `jalon_fr` configuration
// (unaccent + French stemming, created by migration 0002). Words in a query are ANDed and each
// matches as a prefix, so "developpeuse" finds "Développeur / Développeuse"; short French stop
// words ("de", "la", "en" …) are left out on both engines.
//
// Typo tolerance is opt-in, for indexes over reference data (`@search_vocabulary NAME` in a
// migration): a vocabulary of the indexed words and their trigrams, rebuilt by
// rebuild_vocabulary(), lets search_tolerant() replace a word the index does not know by the
// closest one it knows ("auxilliaire" -> "auxiliaire"). Never enable it on personal data: the
// vocabulary is only as fresh as its last rebuild, so deleted words would linger in it.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"

namespace jalon::store {

// DDL for an index named `name` ([a-z_]+): table fts_<name>(doc_id, body). Idempotent.
std::string search_index_ddl(Engine engine, std::string_view name);
// DDL for the typo-tolerance vocabulary of index `name`: fts_<name>_words(word, docs) and
// fts_<name>_trigrams(trigram, word). Idempotent.
std::string search_vocabulary_ddl(Engine engine, std::string_view name);

struct SearchHit {
  std::string doc_id;
  double score = 0;  // the engine's rank: higher is better, comparable within one engine only
  std::string body;  // the indexed text, for a ranking of the caller's own (see coverage())
};

class SearchIndex {
 public:
  explicit SearchIndex(std::string name);  // throws std::invalid_argument on a bad name
  void put(Tx& tx, std::string_view doc_id, std::string_view body) const;
  void remove(Tx& tx, std::string_view doc_id) const;
  // Replaces every document of the index by `docs` (doc_id, body), in batches, and compacts the
  // index for the searches that follow.
  void replace_all(Tx& tx, const std::vector<std::pair<std::string, std::string>>& docs) const;
  std::vector<SearchHit> search(Tx& tx, std::string_view query, int limit) const;
  // The same over words already split (and corrected): search_terms(), corrected_terms().
  std::vector<SearchHit> search(Tx& tx, const std::vector<std::string>& terms, int limit) const;

  // Typo tolerance (needs the vocabulary tables): recomputes the vocabulary from the documents.
  void rebuild_vocabulary(Tx& tx) const;
  // The query's words (as search_terms() gives them), each word the index knows neither whole
  // nor as a prefix replaced by the closest known word when one is close enough (edit distance 1
  // from 4 letters, 2 from 8); words too far from anything are kept as typed.
  std::vector<std::string> corrected_terms(Tx& tx, std::string_view query) const;
  // search() over corrected_terms().
  std::vector<SearchHit> search_tolerant(Tx& tx, std::string_view query, int limit) const;

 private:
  std::string table_;
};

// The words of a query as the index sees them: folded, split on anything not a letter or digit.
std::vector<std::string> search_terms(std::string_view query);

// How much of a short text (a label) a query covers, from 0 to 1: 0 when a word of the query
// (French stop words aside) begins none of the text's words, otherwise the share of the text's
// distinct words (stop words and single letters aside) that a word of the query begins. Unlike
// the engines' ranks it is the same on SQLite and PostgreSQL, so a ranking built on it is too.
double coverage(std::string_view body, const std::vector<std::string>& terms);

// Optimal string alignment distance (Levenshtein plus adjacent transpositions) counted in
// Unicode code points, stopping early once it exceeds `limit` (then returns limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace jalon::store
