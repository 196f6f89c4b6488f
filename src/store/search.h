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
//
// The vocabulary also maps French stems to the indexed words (Snowball's French stemmer, in C++,
// so both engines agree) and, through a small list of derived forms whose stems differ
// ("livraison" / "livreur", "vente" / "vendeur"), to the words of related forms: expanded_terms()
// gives each word of a query with the indexed forms that count as it, and coverage() ranks a text
// matched by the words as typed above one matched only by another form.
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

// A word of a query and the other indexed forms that count as it: same stem ("livreurs" for
// "livreur") or a derived form ("livreur" for "livraison"). `forms` never repeats `word`. The
// word matches as a prefix (it may be unfinished); its forms match whole words only.
struct QueryTerm {
  std::string word;
  std::vector<std::string> forms;
};

// Groups of words taken for one another (one group per line, words folded, '#' comments).
using DerivedForms = std::vector<std::vector<std::string>>;
DerivedForms parse_derived_forms(std::string_view text);
// The shipped list (src/store/data/french-derived-forms.txt, embedded in the binary).
const DerivedForms& french_derived_forms();

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
  // The same where each word may also match as any of its forms (expanded_terms()).
  std::vector<SearchHit> search(Tx& tx, const std::vector<QueryTerm>& terms, int limit) const;

  // Typo tolerance (needs the vocabulary tables): recomputes the vocabulary from the documents,
  // with the stems of its words and the words of the derived forms of `derived`.
  void rebuild_vocabulary(Tx& tx, const DerivedForms& derived = {}) const;
  // The query's words (as search_terms() gives them), each word the index knows neither whole
  // nor as a prefix replaced by the closest known word when one is close enough (edit distance 1
  // from 4 letters, 2 from 8); words too far from anything are kept as typed.
  std::vector<std::string> corrected_terms(Tx& tx, std::string_view query) const;
  // search() over corrected_terms().
  std::vector<SearchHit> search_tolerant(Tx& tx, std::string_view query, int limit) const;
  // corrected_terms(), each with the indexed words that share its stem or a derived form of it
  // (at most kMaxForms per word, the most frequent first).
  std::vector<QueryTerm> expanded_terms(Tx& tx, std::string_view query) const;
  static constexpr int kMaxForms = 24;

 private:
  bool known(Tx& tx, const std::string& term) const;  // a word of the vocabulary, or its prefix
  std::string corrected(Tx& tx, const std::string& term) const;
  std::vector<std::string> forms(Tx& tx, const std::string& term) const;
  std::string table_;
};

// The words of a query as the index sees them: folded, split on anything not a letter or digit.
std::vector<std::string> search_terms(std::string_view query);

// How much of a short text (a label) a query covers, from 0 to 1: 0 when a word of the query
// (French stop words aside) begins none of the text's words, otherwise the share of the text's
// distinct words (stop words and single letters aside) that a word of the query begins. Unlike
// the engines' ranks it is the same on SQLite and PostgreSQL, so a ranking built on it is too.
double coverage(std::string_view body, const std::vector<std::string>& terms);
// The same where a word of the query may be matched by one of its forms: a word of the text begun
// only by another form counts kOtherFormWeight, so the words as typed rank first.
double coverage(std::string_view body, const std::vector<QueryTerm>& terms);
inline constexpr double kOtherFormWeight = 0.8;
// Whether every word of the query, as typed, begins a word of the text (French stop words
// aside): a ranking puts these texts before those that needed another form of a word.
bool matched_as_typed(std::string_view body, const std::vector<QueryTerm>& terms);

// Optimal string alignment distance (Levenshtein plus adjacent transpositions) counted in
// Unicode code points, stopping early once it exceeds `limit` (then returns limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace jalon::store
