// Full-text search over French text, one interface for both engines: SQLite FTS5 with the
// unicode61 tokenizer removing diacritics, PostgreSQL tsvector with the `jalon_fr` configuration
// (unaccent + French stemming, created by migration 0002). Words in a query are ANDed and each
// matches as a prefix, so "developpeuse" finds "Développeur / Développeuse".
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace jalon::store {

// DDL for an index named `name` ([a-z_]+): table fts_<name>(doc_id, body). Idempotent.
std::string search_index_ddl(Engine engine, std::string_view name);

struct SearchHit {
  std::string doc_id;
  double score = 0;  // higher is better
};

class SearchIndex {
 public:
  explicit SearchIndex(std::string name);  // throws std::invalid_argument on a bad name
  void put(Tx& tx, std::string_view doc_id, std::string_view body) const;
  void remove(Tx& tx, std::string_view doc_id) const;
  std::vector<SearchHit> search(Tx& tx, std::string_view query, int limit) const;

 private:
  std::string table_;
};

// The words of a query as the index sees them: folded, split on anything not a letter or digit.
std::vector<std::string> search_terms(std::string_view query);

}  // namespace jalon::store
