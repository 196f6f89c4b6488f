#include "store/search.h"

#include <stdexcept>

#include "core/text.h"

namespace jalon::store {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string search_index_ddl(Engine engine, std::string_view name) {
  if (!valid_name(name)) throw std::invalid_argument("bad search index name");
  std::string t = "fts_" + std::string(name);
  if (engine == Engine::kSqlite) {
    return "CREATE VIRTUAL TABLE IF NOT EXISTS " + t +
           " USING fts5(doc_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');";
  }
  return "CREATE TABLE IF NOT EXISTS " + t +
         " (doc_id TEXT PRIMARY KEY, body TEXT NOT NULL, tsv tsvector GENERATED ALWAYS AS "
         "(to_tsvector('jalon_fr', body)) STORED);\nCREATE INDEX IF NOT EXISTS " +
         t + "_tsv ON " + t + " USING gin (tsv);";
}

std::vector<std::string> search_terms(std::string_view query) {
  std::string folded = text::fold(query);
  std::vector<std::string> terms;
  std::string cur;
  for (unsigned char c : folded) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (word) {
      cur += static_cast<char>(c);
    } else if (!cur.empty()) {
      terms.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) terms.push_back(std::move(cur));
  return terms;
}

SearchIndex::SearchIndex(std::string name) {
  if (!valid_name(name)) throw std::invalid_argument("bad search index name");
  table_ = "fts_" + name;
}

// Table names cannot be bound parameters; table_ is validated to [a-z_] at construction.
void SearchIndex::put(Tx& tx, std::string_view doc_id, std::string_view body) const {
  if (tx.engine() == Engine::kSqlite) {
    tx.exec("DELETE FROM " + table_ + " WHERE doc_id = ?", {doc_id});
    tx.exec("INSERT INTO " + table_ + " (doc_id, body) VALUES (?, ?)", {doc_id, body});
  } else {
    tx.exec("INSERT INTO " + table_ +
                " (doc_id, body) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET body = "
                "excluded.body",
            {doc_id, body});
  }
}

void SearchIndex::remove(Tx& tx, std::string_view doc_id) const {
  tx.exec("DELETE FROM " + table_ + " WHERE doc_id = ?", {doc_id});
}

std::vector<SearchHit> SearchIndex::search(Tx& tx, std::string_view query, int limit) const {
  auto terms = search_terms(query);
  if (terms.empty()) return {};
  std::string expr;
  std::vector<Row> rows;
  if (tx.engine() == Engine::kSqlite) {
    for (const auto& t : terms) expr += (expr.empty() ? "\"" : " \"") + t + "\"*";
    rows = tx.query("SELECT doc_id, -bm25(" + table_ + ") FROM " + table_ + " WHERE " + table_ +
                        " MATCH ? ORDER BY bm25(" + table_ + ") LIMIT ?",
                    {expr, limit});
  } else {
    for (const auto& t : terms) expr += (expr.empty() ? "" : " & ") + t + ":*";
    rows = tx.query("SELECT doc_id, ts_rank(tsv, q) FROM " + table_ +
                        ", to_tsquery('jalon_fr', ?) q WHERE tsv @@ q "
                        "ORDER BY ts_rank(tsv, q) DESC, doc_id LIMIT ?",
                    {expr, limit});
  }
  std::vector<SearchHit> hits;
  for (const auto& r : rows) hits.push_back({r.text(0), r.f64(1)});
  return hits;
}

}  // namespace jalon::store
