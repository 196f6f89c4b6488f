#include "store/search.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "core/assets.h"
#include "core/stem.h"
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

// Short French words a search ignores (PostgreSQL's French configuration drops them too).
bool is_stop_word(std::string_view w) {
  static const std::set<std::string, std::less<>> kStopWords = {
      "a",  "au", "aux", "d",  "de",  "des",  "du",  "en",   "et", "l",
      "la", "le", "les", "ou", "par", "pour", "sur", "dans", "un", "une"};
  return kStopWords.contains(w);
}

// The code points of a UTF-8 string, each as the bytes that spell it.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The trigrams of a word padded with '$' at both ends ("vie" -> "$vi", "vie", "ie$").
std::set<std::string> trigrams(std::string_view word) {
  auto cps = code_points(word);
  cps.insert(cps.begin(), "$");
  cps.push_back("$");
  std::set<std::string> out;
  for (std::size_t i = 0; i + 2 < cps.size(); ++i) {
    out.insert(std::string(cps[i]) + std::string(cps[i + 1]) + std::string(cps[i + 2]));
  }
  return out;
}

// How far a word may be from a known one and still be taken for it.
int tolerated_distance(std::string_view word) {
  std::size_t n = code_points(word).size();
  if (n < 4) return 0;
  return n < 8 ? 1 : 2;
}

// Inserts rows of `width` values in multi-row statements.
void insert_batched(Tx& tx, const std::string& head, std::size_t width, const Params& values) {
  constexpr std::size_t kRows = 200;
  std::size_t rows = values.size() / width;
  for (std::size_t r = 0; r < rows; r += kRows) {
    std::size_t n = std::min(kRows, rows - r);
    std::string sql = head + " VALUES ";
    for (std::size_t k = 0; k < n; ++k) {
      sql += k ? ",(" : "(";
      for (std::size_t i = 0; i < width; ++i) sql += i ? ",?" : "?";
      sql += ')';
    }
    Params chunk(values.begin() + static_cast<std::ptrdiff_t>(r * width),
                 values.begin() + static_cast<std::ptrdiff_t>((r + n) * width));
    tx.exec(sql, chunk);
  }
}

}  // namespace

double coverage(std::string_view body, const std::vector<std::string>& terms) {
  std::vector<QueryTerm> plain;
  plain.reserve(terms.size());
  for (const auto& t : terms) plain.push_back({t, {}});
  return coverage(body, plain);
}

double coverage(std::string_view body, const std::vector<QueryTerm>& terms) {
  auto words = search_terms(body);
  std::set<std::string> distinct;
  for (const auto& w : words) {
    if (w.size() > 1 && !is_stop_word(w)) distinct.insert(w);
  }
  auto begins = [](const std::string& word, const std::string& term) {
    return !term.empty() && word.starts_with(term);
  };
  // Forms are whole indexed words: "vent" (a form of "vente") must not match "ventriloque".
  auto begun_by_form = [&](const std::string& word, const QueryTerm& t) {
    return std::find(t.forms.begin(), t.forms.end(), word) != t.forms.end();
  };
  // Every word of the query, or one of its forms, must begin a word of the text (PostgreSQL's
  // stemming also matches "développement" for "développeuse": such hits do not count).
  for (const auto& t : terms) {
    if (is_stop_word(t.word)) continue;
    if (std::none_of(words.begin(), words.end(), [&](const std::string& w) {
          return begins(w, t.word) || begun_by_form(w, t);
        })) {
      return 0;
    }
  }
  if (distinct.empty()) return 0;
  double covered = 0;
  for (const auto& w : distinct) {
    if (std::any_of(terms.begin(), terms.end(),
                    [&](const QueryTerm& t) { return begins(w, t.word); })) {
      covered += 1;
    } else if (std::any_of(terms.begin(), terms.end(),
                           [&](const QueryTerm& t) { return begun_by_form(w, t); })) {
      covered += kOtherFormWeight;
    }
  }
  return covered / static_cast<double>(distinct.size());
}

bool matched_as_typed(std::string_view body, const std::vector<QueryTerm>& terms) {
  auto words = search_terms(body);
  return std::all_of(terms.begin(), terms.end(), [&](const QueryTerm& t) {
    return is_stop_word(t.word) ||
           std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return w.starts_with(t.word); });
  });
}

int edit_distance(std::string_view a_text, std::string_view b_text, int limit) {
  auto a = code_points(a_text), b = code_points(b_text);
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the dynamic-programming table: two back (for transpositions), previous, current.
  std::vector<int> back(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], back[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(back, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::string search_vocabulary_ddl(Engine engine, std::string_view name) {
  if (!valid_name(name)) throw std::invalid_argument("bad search index name");
  std::string t = "fts_" + std::string(name);
  // Prefix lookups are byte ranges: PostgreSQL must compare words bytewise (SQLite's BINARY does).
  std::string word_type = engine == Engine::kPostgres ? "TEXT COLLATE \"C\"" : "TEXT";
  return "CREATE TABLE IF NOT EXISTS " + t + "_words (word " + word_type +
         " PRIMARY KEY, docs BIGINT NOT NULL);\nCREATE TABLE IF NOT EXISTS " + t +
         "_trigrams (trigram TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (trigram, word));\n"
         "CREATE TABLE IF NOT EXISTS " +
         t + "_stems (stem TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (stem, word));";
}

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

void SearchIndex::replace_all(Tx& tx,
                              const std::vector<std::pair<std::string, std::string>>& docs) const {
  tx.exec("DELETE FROM " + table_);
  Params values;
  values.reserve(docs.size() * 2);
  for (const auto& [id, body] : docs) {
    values.emplace_back(id);
    values.emplace_back(body);
  }
  insert_batched(tx, "INSERT INTO " + table_ + " (doc_id, body)", 2, values);
  // A bulk load leaves FTS5 with many segments and PostgreSQL's GIN index with a long pending
  // list that every search then scans: merge them now, once.
  if (tx.engine() == Engine::kSqlite) {
    tx.exec("INSERT INTO " + table_ + " (" + table_ + ") VALUES ('optimize')");
  } else {
    tx.query("SELECT gin_clean_pending_list(?::regclass)", {table_ + "_tsv"});
  }
}

std::vector<SearchHit> SearchIndex::search(Tx& tx, std::string_view query, int limit) const {
  return search(tx, search_terms(query), limit);
}

std::vector<SearchHit> SearchIndex::search_tolerant(Tx& tx, std::string_view query,
                                                    int limit) const {
  return search(tx, corrected_terms(tx, query), limit);
}

std::vector<SearchHit> SearchIndex::search(Tx& tx, const std::vector<std::string>& terms,
                                           int limit) const {
  std::vector<QueryTerm> plain;
  plain.reserve(terms.size());
  for (const auto& t : terms) plain.push_back({t, {}});
  return search(tx, plain, limit);
}

std::vector<SearchHit> SearchIndex::search(Tx& tx, const std::vector<QueryTerm>& terms,
                                           int limit) const {
  if (terms.empty()) return {};
  std::string expr;
  std::vector<Row> rows;
  // Each word of the query is one group: the word as a prefix, or any of its forms as a whole
  // word (they come from the index's own vocabulary).
  auto group = [](const QueryTerm& t, auto&& spell, auto&& whole, std::string_view either) {
    if (t.forms.empty()) return spell(t.word);
    std::string g = "(" + spell(t.word);
    for (const auto& f : t.forms) g += std::string(either) + whole(f);
    return g + ")";
  };
  if (tx.engine() == Engine::kSqlite) {
    // Stop words are left out, as PostgreSQL's French configuration does, unless there is
    // nothing else.
    bool all_stop = std::all_of(terms.begin(), terms.end(),
                                [](const QueryTerm& t) { return is_stop_word(t.word); });
    auto spell = [](const std::string& w) { return "\"" + w + "\"*"; };
    auto whole = [](const std::string& w) { return "\"" + w + "\""; };
    for (const auto& t : terms) {
      if (!all_stop && is_stop_word(t.word)) continue;
      // FTS5 joins a parenthesised group only with an explicit AND.
      expr += (expr.empty() ? "" : " AND ") + group(t, spell, whole, " OR ");
    }
    rows = tx.query("SELECT doc_id, -bm25(" + table_ + "), body FROM " + table_ + " WHERE " +
                        table_ + " MATCH ? ORDER BY bm25(" + table_ + ") LIMIT ?",
                    {expr, limit});
  } else {
    auto spell = [](const std::string& w) { return w + ":*"; };
    auto whole = [](const std::string& w) { return w; };
    for (const auto& t : terms) {
      expr += (expr.empty() ? "" : " & ") + group(t, spell, whole, " | ");
    }
    rows = tx.query("SELECT doc_id, ts_rank(tsv, q), body FROM " + table_ +
                        ", to_tsquery('jalon_fr', ?) q WHERE tsv @@ q "
                        "ORDER BY ts_rank(tsv, q) DESC, doc_id LIMIT ?",
                    {expr, limit});
  }
  std::vector<SearchHit> hits;
  for (const auto& r : rows) hits.push_back({r.text(0), r.f64(1), r.text(2)});
  return hits;
}

void SearchIndex::rebuild_vocabulary(Tx& tx, const DerivedForms& derived) const {
  std::map<std::string, int64_t> docs_per_word;
  for (const auto& r : tx.query("SELECT body FROM " + table_)) {
    auto words = search_terms(r.text(0));
    std::set<std::string> distinct(words.begin(), words.end());
    for (const auto& w : distinct) ++docs_per_word[w];
  }
  // Stems of the indexed words; then each stem of a derived-form group also leads to the words
  // of every other stem of the group.
  std::map<std::string, std::set<std::string>> words_of_stem;
  for (const auto& [word, docs] : docs_per_word)
    words_of_stem[text::french_stem(word)].insert(word);
  std::map<std::string, std::set<std::string>> stems = words_of_stem;
  for (const auto& group : derived) {
    std::set<std::string> group_stems, group_words;
    for (const auto& member : group) group_stems.insert(text::french_stem(member));
    for (const auto& st : group_stems) {
      if (auto it = words_of_stem.find(st); it != words_of_stem.end()) {
        group_words.insert(it->second.begin(), it->second.end());
      }
    }
    if (group_words.empty()) continue;
    for (const auto& st : group_stems) stems[st].insert(group_words.begin(), group_words.end());
  }
  tx.exec("DELETE FROM " + table_ + "_words");
  tx.exec("DELETE FROM " + table_ + "_trigrams");
  tx.exec("DELETE FROM " + table_ + "_stems");
  Params words, grams, stem_rows;
  for (const auto& [word, docs] : docs_per_word) {
    words.emplace_back(word);
    words.emplace_back(docs);
    for (const auto& g : trigrams(word)) {
      grams.emplace_back(g);
      grams.emplace_back(word);
    }
  }
  for (const auto& [st, ws] : stems) {
    for (const auto& w : ws) {
      stem_rows.emplace_back(st);
      stem_rows.emplace_back(w);
    }
  }
  insert_batched(tx, "INSERT INTO " + table_ + "_words (word, docs)", 2, words);
  insert_batched(tx, "INSERT INTO " + table_ + "_trigrams (trigram, word)", 2, grams);
  insert_batched(tx, "INSERT INTO " + table_ + "_stems (stem, word)", 2, stem_rows);
}

bool SearchIndex::known(Tx& tx, const std::string& term) const {
  // A known word, or the beginning of one (a prefix search finds it): words from `term` up to
  // `term` followed by the last code point, U+10FFFF.
  return tx
      .query_one("SELECT 1 FROM " + table_ + "_words WHERE word >= ? AND word < ? LIMIT 1",
                 {term, term + "\xF4\x8F\xBF\xBF"})
      .has_value();
}

std::vector<std::string> SearchIndex::corrected_terms(Tx& tx, std::string_view query) const {
  std::vector<std::string> terms = search_terms(query);
  for (auto& term : terms) term = corrected(tx, term);
  return terms;
}

std::string SearchIndex::corrected(Tx& tx, const std::string& term) const {
  int tolerance = tolerated_distance(term);
  if (tolerance == 0 || known(tx, term)) return term;
  const std::string words = table_ + "_words", grams = table_ + "_trigrams";
  // Candidates share trigrams with the term; the closest by edit distance wins, then the
  // most frequent. A word typed as the beginning of a known one compares with its prefix.
  auto term_grams = trigrams(term);
  std::string in;
  Params params;
  for (const auto& g : term_grams) {
    in += in.empty() ? "?" : ", ?";
    params.emplace_back(g);
  }
  params.emplace_back(40);
  auto candidates =
      tx.query("SELECT t.word, w.docs, COUNT(*) AS shared FROM " + grams + " t JOIN " + words +
                   " w ON w.word = t.word WHERE t.trigram IN (" + in +
                   ") GROUP BY t.word, w.docs ORDER BY shared DESC, "
                   "w.docs DESC, t.word LIMIT ?",
               params);
  std::size_t term_len = code_points(term).size();
  int best = tolerance + 1;
  int64_t best_docs = -1;
  std::string replacement;
  for (const auto& c : candidates) {
    const std::string& word = c.text(0);
    int d = edit_distance(term, word, tolerance);
    auto cps = code_points(word);
    if (cps.size() > term_len) {
      std::size_t bytes = 0;
      for (std::size_t k = 0; k < term_len; ++k) bytes += cps[k].size();
      d = std::min(d, edit_distance(term, std::string_view(word).substr(0, bytes), tolerance));
    }
    if (d < best || (d == best && c.i64(1) > best_docs)) {
      best = d;
      best_docs = c.i64(1);
      replacement = word;
    }
  }
  return best <= tolerance ? replacement : term;
}

std::vector<std::string> SearchIndex::forms(Tx& tx, const std::string& term) const {
  std::vector<std::string> out;
  if (code_points(term).size() < 3 || is_stop_word(term)) return out;
  // Forms the word already begins are found by its own prefix match: leave them out.
  for (const auto& r : tx.query("SELECT s.word FROM " + table_ + "_stems s JOIN " + table_ +
                                    "_words w ON w.word = s.word WHERE s.stem = ? "
                                    "ORDER BY w.docs DESC, s.word LIMIT ?",
                                {text::french_stem(term), kMaxForms + 8})) {
    std::string w = r.text(0);
    if (!w.starts_with(term) && static_cast<int>(out.size()) < kMaxForms) out.push_back(w);
  }
  return out;
}

std::vector<QueryTerm> SearchIndex::expanded_terms(Tx& tx, std::string_view query) const {
  std::vector<QueryTerm> out;
  for (const auto& typed : search_terms(query)) {
    // A word the index does not know but whose forms it does ("livraison" when only "livreur"
    // is indexed) is searched through its forms rather than corrected into another word.
    QueryTerm t{typed, forms(tx, typed)};
    if (t.forms.empty()) {
      t.word = corrected(tx, typed);
      if (t.word != typed) t.forms = forms(tx, t.word);
    }
    out.push_back(std::move(t));
  }
  return out;
}

DerivedForms parse_derived_forms(std::string_view text_in) {
  DerivedForms out;
  std::size_t pos = 0;
  while (pos <= text_in.size()) {
    std::size_t eol = text_in.find('\n', pos);
    if (eol == std::string_view::npos) eol = text_in.size();
    std::string_view line = text_in.substr(pos, eol - pos);
    pos = eol + 1;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto words = search_terms(line);
    if (words.size() >= 2) out.push_back(std::move(words));
  }
  return out;
}

const DerivedForms& french_derived_forms() {
  static const DerivedForms kForms = [] {
    auto body = assets::AssetSource().get("search/french-derived-forms.txt");
    if (!body) throw std::runtime_error("missing embedded asset search/french-derived-forms.txt");
    return parse_derived_forms(*body);
  }();
  return kForms;
}

}  // namespace jalon::store
