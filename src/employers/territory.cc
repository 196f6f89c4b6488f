// EmployerService: the employers of a territory — counts per commune for the map (commune
// centroids), the employers to prospect for a set of jobs ranked by hiring potential (La Bonne
// Boîte's hires of their sector for the job × their size), and the jobs the caller's caseload
// targets (the people's current projects).
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "access/policy.h"
#include "employers/referentials.h"
#include "employers/service.h"
#include "store/row_reader.h"

namespace jalon::employers {

using access::Session;

namespace {

// " AND <column> IN (?, ?…)" with its parameters; nothing when `codes` is empty.
std::string in_list(const std::string& column, const std::vector<std::string>& codes,
                    store::Params& p) {
  if (codes.empty()) return "";
  std::string sql = " AND " + column + " IN (";
  for (std::size_t i = 0; i < codes.size(); ++i) {
    sql += i ? ", ?" : "?";
    p.push_back(codes[i]);
  }
  return sql + ")";
}

}  // namespace

std::vector<EmployerService::CommuneCount> EmployerService::commune_counts(
    const Session& s, const std::vector<std::string>& communes) {
  store::Params p{s.structure_id};
  std::string sql =
      "SELECT e.commune_code, COALESCE(c.name, e.commune_code), g.latitude, g.longitude,"
      " COUNT(*), SUM(CASE WHEN r.status = 'partenaire_actif' THEN 1 ELSE 0 END)"
      " FROM establishments e JOIN commune_centroids g ON g.commune_code = e.commune_code"
      " LEFT JOIN communes c ON c.code = e.commune_code"
      " LEFT JOIN employer_relations r ON r.establishment_id = e.id AND r.structure_id = ?"
      " WHERE e.active = 1" +
      in_list("e.commune_code", communes, p) +
      " GROUP BY e.commune_code, c.name, g.latitude, g.longitude ORDER BY COUNT(*) DESC,"
      " e.commune_code LIMIT 400";
  auto tx = db_.read();
  std::vector<CommuneCount> out;
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    CommuneCount c;
    c.commune_code = r.text();
    c.commune_name = r.text();
    c.latitude = r.f64();
    c.longitude = r.f64();
    c.employers = r.i64();
    c.partners = r.i64();
    out.push_back(std::move(c));
  }
  tx.commit();
  return out;
}

std::vector<EmployerService::Prospect> EmployerService::prospects(
    const Session& s, const std::vector<std::string>& romes,
    const std::vector<std::string>& communes, int limit) {
  if (romes.empty()) return {};
  store::Params p;
  std::string sql =
      "SELECT e.id, e.size_band, h.rome_code, COALESCE(rc.label, h.rome_code), h.hirings"
      " FROM establishments e JOIN rome_naf_hirings h ON h.naf_code = e.naf_code"
      " LEFT JOIN rome_codes rc ON rc.code = h.rome_code WHERE e.active = 1";
  sql += in_list("h.rome_code", romes, p);  // one after the other: the parameters' order
  sql += in_list("e.commune_code", communes, p);
  // Each employer's best job of the list: hires of its sector for the job × log2(2 + size).
  std::map<std::string, Prospect> best;
  auto tx = db_.read();
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    std::string id = r.text();
    std::string band = r.text();
    Prospect x;
    x.rome_code = r.text();
    x.rome_label = r.text();
    x.hirings = r.i64();
    x.score = static_cast<double>(x.hirings) * std::log2(2.0 + size_headcount(band));
    auto it = best.find(id);
    if (it == best.end() || x.score > it->second.score) best[id] = std::move(x);
  }
  tx.commit();
  std::vector<std::pair<std::string, Prospect>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.score != b.second.score ? a.second.score > b.second.score : a.first < b.first;
  });
  if (ranked.size() > static_cast<std::size_t>(std::clamp(limit, 1, 500))) {
    ranked.resize(static_cast<std::size_t>(std::clamp(limit, 1, 500)));
  }
  std::vector<Prospect> out;
  for (auto& [id, x] : ranked) {
    auto e = get(s, id);
    if (!e.ok()) continue;
    x.e = *e;
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<std::pair<std::string, int64_t>> EmployerService::caseload_jobs(const Session& s) {
  store::Params p;
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  std::map<std::string, std::set<std::string>> people_by_appellation;
  for (const auto& row : tx.query(
           "SELECT p.beneficiary_id, p.appellations FROM project_records p JOIN beneficiaries b"
           " ON b.id = p.beneficiary_id WHERE b.status <> 'sorti' AND p.recorded_at = (SELECT"
           " MAX(q.recorded_at) FROM project_records q WHERE q.beneficiary_id ="
           " p.beneficiary_id) AND " +
               cond,
           p)) {
    std::stringstream codes(row.text(1));
    std::string code;
    while (std::getline(codes, code, ',')) {
      if (!code.empty()) people_by_appellation[code].insert(row.text(0));
    }
  }
  std::map<std::string, std::set<std::string>> people_by_rome;
  for (const auto& [code, people] : people_by_appellation) {
    auto r = tx.query_one("SELECT rome_code FROM rome_appellations WHERE code = ?", {code});
    if (r) people_by_rome[r->text(0)].insert(people.begin(), people.end());
  }
  tx.commit();
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& [rome, people] : people_by_rome) {
    out.emplace_back(rome, static_cast<int64_t>(people.size()));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

}  // namespace jalon::employers
