#include "referentials/rome_search.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "core/text.h"
#include "referentials/sql.h"
#include "store/search.h"

namespace jalon::referentials {
namespace {

// Documents are "K1302" (a fiche's label) and "K1302:38021" (an appellation of that fiche).
const store::SearchIndex& index() {
  static const store::SearchIndex kIndex("rome");
  return kIndex;
}

// How many hits to group into fiches: every document a common word ("agent") matches, so the
// engines' own ranks never decide which ones are kept.
constexpr int kHitsToGroup = 2000;

// An appellation's long label names both genders ("Aide-soignant / Aide-soignante"); its short
// label is added only when it has a word the long one lacks (not a gender ending such as
// "(se)"), so repeats do not skew the ranking.
std::string appellation_body(const std::string& label, const std::string& short_label) {
  auto long_words = store::search_terms(label);
  std::set<std::string> known(long_words.begin(), long_words.end());
  for (const auto& w : store::search_terms(short_label)) {
    if (w.size() >= 4 && !known.contains(w)) return label + " / " + short_label;
  }
  return label;
}

}  // namespace

std::optional<std::string> as_rome_code(std::string_view query) {
  std::string code;
  for (char c : query) {
    if (c == ' ' || c == '\t') continue;
    code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (code.size() != 5 || code[0] < 'A' || code[0] > 'N') return std::nullopt;
  for (std::size_t i = 1; i < 5; ++i) {
    if (code[i] < '0' || code[i] > '9') return std::nullopt;
  }
  return code;
}

void rebuild_rome_search_index(store::Tx& tx) {
  std::vector<std::pair<std::string, std::string>> docs;
  // Bodies are stored folded: the engines match them the same way, and ranking reads them
  // without folding them again on every search.
  for (const auto& r : tx.query("SELECT code, label FROM rome_codes")) {
    docs.emplace_back(r.text(0), text::fold(r.text(1)));
  }
  for (const auto& r :
       tx.query("SELECT a.rome_code, a.code, a.label, COALESCE(a.short_label, '') FROM "
                "rome_appellations a JOIN rome_codes r ON r.code = a.rome_code")) {
    docs.emplace_back(r.text(0) + ":" + r.text(1),
                      text::fold(appellation_body(r.text(2), r.text(3))));
  }
  index().replace_all(tx, docs);
  index().rebuild_vocabulary(tx, store::french_derived_forms());
}

bool complete_rome_search_index(store::Database& db) {
  auto tx = db.write();
  if (!tx.query_one("SELECT 1 FROM rome_codes LIMIT 1") ||
      tx.query_one("SELECT 1 FROM fts_rome_stems LIMIT 1")) {
    return false;
  }
  rebuild_rome_search_index(tx);
  tx.commit();
  return true;
}

namespace {

// The fiches of the hits, each scored by its best label (see search_rome), unordered.
std::vector<RomeMatch> fiches_of(const std::vector<store::SearchHit>& hits,
                                 const std::vector<store::QueryTerm>& terms) {
  struct Group {
    double best = -1;
    int count = 0;            // hits of the best one's kind (words as typed, or other forms)
    bool typed = false;       // the best hit holds the words as typed
    std::string appellation;  // of the best hit; empty when it was the fiche label
  };
  std::map<std::string, Group> groups;
  for (const auto& h : hits) {
    auto colon = h.doc_id.find(':');
    std::string code = h.doc_id.substr(0, colon);
    std::string appellation = colon == std::string::npos ? "" : h.doc_id.substr(colon + 1);
    double covered = store::coverage(h.body, terms);
    if (covered == 0) continue;  // a stemming match, not the words typed nor their forms
    // Labels holding the words as typed come before those found through another form; a
    // fiche's own label weighs as much as its best appellation, and wins ties.
    bool typed = store::matched_as_typed(h.body, terms);
    double score = covered + (typed ? 1.0 : 0.0) + (appellation.empty() ? 0.01 : 0.0);
    Group& g = groups[code];
    // Only hits of the best kind add to the fiche's weight: appellations found through another
    // form ("développement") must not lift a fiche above one matching the words as typed.
    if (typed && !g.typed) {
      g.typed = true;
      g.count = 0;
    }
    if (typed == g.typed) ++g.count;
    if (score > g.best || (score == g.best && appellation < g.appellation)) {
      g.best = score;
      g.appellation = appellation;
    }
  }
  std::vector<RomeMatch> out;
  for (const auto& [code, g] : groups) {
    RomeMatch m;
    m.code = code;
    m.appellation_code = g.appellation;
    m.score = g.best + 0.05 * std::log(1.0 + g.count);
    out.push_back(std::move(m));
  }
  return out;
}

// The labels of the fiches and appellations kept.
void fill_labels(store::Tx& tx, std::vector<RomeMatch>& out) {
  store::Params codes, appellations;
  for (const auto& m : out) {
    codes.emplace_back(m.code);
    if (!m.appellation_code.empty()) appellations.emplace_back(m.appellation_code);
  }
  std::map<std::string, std::string> labels, appellation_labels;
  for (const auto& r : tx.query(
           "SELECT code, label FROM rome_codes WHERE code IN (" + placeholders(codes.size()) + ")",
           codes)) {
    labels[r.text(0)] = r.text(1);
  }
  if (!appellations.empty()) {
    for (const auto& r : tx.query("SELECT code, label FROM rome_appellations WHERE code IN (" +
                                      placeholders(appellations.size()) + ")",
                                  appellations)) {
      appellation_labels[r.text(0)] = r.text(1);
    }
  }
  for (auto& m : out) {
    m.label = labels[m.code];
    if (!m.appellation_code.empty()) m.appellation_label = appellation_labels[m.appellation_code];
  }
}

}  // namespace

std::vector<RomeMatch> search_rome(store::Database& db, std::string_view query, int limit) {
  limit = std::clamp(limit, 0, kRomeSearchMaxResults);
  if (limit == 0) return {};
  auto tx = db.read();
  // A ROME code typed in the job box ("D1102", "d 1102") opens its fiche.
  if (auto code = as_rome_code(query)) {
    std::vector<RomeMatch> out;
    if (auto r = tx.query_one("SELECT code, label FROM rome_codes WHERE code = ?", {*code})) {
      out.push_back({r->text(0), r->text(1), "", "", 1.0});
    }
    tx.commit();
    return out;
  }
  // The engine finds the documents holding every word; the ranking is ours, on the words alone,
  // so both engines rank alike: the share of a label the query covers, the best label of a
  // fiche deciding, and each further matching appellation of the fiche adding a little.
  // Each word also matches its other forms (plural, feminine, derived: "livraison" finds
  // "livreur"); the words as typed still rank first (store::coverage).
  auto terms = index().expanded_terms(tx, query);
  auto out = fiches_of(index().search(tx, terms, kHitsToGroup), terms);
  std::sort(out.begin(), out.end(), [](const RomeMatch& a, const RomeMatch& b) {
    return a.score != b.score ? a.score > b.score : a.code < b.code;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  if (out.empty()) return out;
  fill_labels(tx, out);
  tx.commit();
  return out;
}

}  // namespace jalon::referentials
