#include "referentials/rome_search.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "referentials/sql.h"
#include "store/search.h"

namespace jalon::referentials {
namespace {

// Documents are "K1302" (a fiche's label) and "K1302:38021" (an appellation of that fiche).
const store::SearchIndex& index() {
  static const store::SearchIndex kIndex("rome");
  return kIndex;
}

// How many hits to group into fiches: enough for a common word ("agent") to reach every fiche
// it concerns.
constexpr int kHitsToGroup = 400;

}  // namespace

void rebuild_rome_search_index(store::Tx& tx) {
  std::vector<std::pair<std::string, std::string>> docs;
  for (const auto& r : tx.query("SELECT code, label FROM rome_codes")) {
    docs.emplace_back(r.text(0), r.text(1));
  }
  for (const auto& r :
       tx.query("SELECT a.rome_code, a.code, a.label, a.short_label FROM rome_appellations a "
                "JOIN rome_codes r ON r.code = a.rome_code")) {
    std::string body = r.text(2);
    if (!r.is_null(3) && r.text(3) != body) body += " — " + r.text(3);
    docs.emplace_back(r.text(0) + ":" + r.text(1), std::move(body));
  }
  index().replace_all(tx, docs);
  index().rebuild_vocabulary(tx);
}

std::vector<RomeMatch> search_rome(store::Database& db, std::string_view query, int limit) {
  limit = std::clamp(limit, 0, kRomeSearchMaxResults);
  if (limit == 0) return {};
  auto tx = db.read();
  auto hits = index().search_tolerant(tx, query, kHitsToGroup);
  struct Group {
    double best = 0;
    int count = 0;
    std::string appellation;  // of the best hit; empty when it was the fiche label
  };
  std::map<std::string, Group> groups;
  for (const auto& h : hits) {
    auto colon = h.doc_id.find(':');
    std::string code = h.doc_id.substr(0, colon);
    Group& g = groups[code];
    ++g.count;
    if (g.count == 1 || h.score > g.best) {
      g.best = h.score;
      g.appellation = colon == std::string::npos ? std::string() : h.doc_id.substr(colon + 1);
    }
  }
  std::vector<RomeMatch> out;
  for (const auto& [code, g] : groups) {
    RomeMatch m;
    m.code = code;
    m.appellation_code = g.appellation;
    m.score = g.best * (1.0 + 0.15 * std::log(static_cast<double>(g.count)));
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const RomeMatch& a, const RomeMatch& b) {
    return a.score != b.score ? a.score > b.score : a.code < b.code;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  if (out.empty()) return out;
  // Labels of the fiches and appellations kept.
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
  tx.commit();
  for (auto& m : out) {
    m.label = labels[m.code];
    if (!m.appellation_code.empty()) m.appellation_label = appellation_labels[m.appellation_code];
  }
  return out;
}

}  // namespace jalon::referentials
