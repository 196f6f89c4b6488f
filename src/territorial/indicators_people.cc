// The sections of the indicators about the structure's own public: who lives there, what they
// target, how that meets the BMO needs, and how far they are from the recruiting towns.
#include <algorithm>
#include <map>
#include <set>

#include "beneficiaries/referentials.h"
#include "referentials/communes.h"
#include "referentials/sql.h"
#include "territorial/indicators_work.h"

namespace jalon::territorial::detail {
namespace {

using referentials::placeholders;

constexpr int kHubs = 5;
constexpr int64_t kRecruitingProjects = 50;  // "recruited" in the adequacy table: ≥ this many

// The codes of a separated list, empty ones skipped.
std::vector<std::string> split_codes(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The BMO occupation (FAP 2021) of a FAP 2009 code: the 2021 revision renamed the kept
// occupations' third character Z to X ("A1Z40" -> "A1X40"); others have no counterpart.
std::string bmo_code_of_fap2009(const std::string& fap, const std::set<std::string>& bmo_codes) {
  if (fap.size() != 5) return {};
  std::string c = fap;
  c[2] = 'X';
  return bmo_codes.contains(c) ? c : std::string();
}

}  // namespace

// ---- the structure's public living there ---------------------------------------------------
void public_living_there(Work& w) {
  auto& out = w.out;
  std::map<std::string, int64_t> theme_people;
  for (const auto& r : w.tx.query("SELECT id, barrier_themes, commune_code, commune_name FROM "
                                  "beneficiaries WHERE id IN (" +
                                      kPeople + ")",
                                  {w.structure_id, w.territory_id})) {
    ++out.caseload;
    for (const auto& theme : split_codes(r.text(1), ',')) ++theme_people[theme];
    auto& cp = w.commune_people[r.text(2)];
    cp.first = r.text(3);
    ++cp.second;
    w.commune_of[r.text(0)] = r.text(2);
  }
  for (const auto& th : beneficiaries::themes()) {
    auto it = theme_people.find(std::string(th.code));
    if (it != theme_people.end()) {
      out.barriers.push_back({std::string(th.code), std::string(th.label), it->second});
    }
  }
  std::stable_sort(out.barriers.begin(), out.barriers.end(),
                   [](const Count& a, const Count& b) { return a.people > b.people; });
}

// Each person's latest project: the ROME fiches they target and their mobility radius.
void targeted_fiches(Work& w) {
  for (const auto& r : w.tx.query("SELECT beneficiary_id, appellations, mobility_km FROM "
                                  "project_records WHERE beneficiary_id IN (" +
                                      kPeople + ") ORDER BY recorded_at",
                                  {w.structure_id, w.territory_id})) {
    w.latest[r.text(0)] = {r.text(1), r.i64(2)};
  }
  std::map<std::string, std::string> rome_of_appellation, rome_labels;
  std::set<std::string> wanted_appellations;
  for (const auto& [person, p] : w.latest) {
    for (const auto& a : split_codes(p.first, ',')) wanted_appellations.insert(a);
  }
  if (!wanted_appellations.empty()) {
    store::Params params(wanted_appellations.begin(), wanted_appellations.end());
    for (const auto& r : w.tx.query("SELECT a.code, a.rome_code, c.label FROM rome_appellations a "
                                    "JOIN rome_codes c ON c.code = a.rome_code WHERE a.code IN (" +
                                        placeholders(params.size()) + ")",
                                    params)) {
      rome_of_appellation[r.text(0)] = r.text(1);
      rome_labels[r.text(1)] = r.text(2);
    }
  }
  std::map<std::string, int64_t> rome_people;
  for (const auto& [person, p] : w.latest) {
    std::set<std::string> romes;
    for (const auto& a : split_codes(p.first, ',')) {
      if (rome_of_appellation.contains(a)) romes.insert(rome_of_appellation[a]);
    }
    for (const auto& r : romes) ++rome_people[r];
  }
  for (const auto& [code, n] : rome_people) w.out.targets.push_back({code, rome_labels[code], n});
  std::stable_sort(w.out.targets.begin(), w.out.targets.end(),
                   [](const Count& a, const Count& b) { return a.people > b.people; });
}

// ---- adequacy: targeted fiches against the BMO needs --------------------------------------
namespace {

void copy_bmo(AdequacyRow& row, const OccupationFigure& o) {
  row.bmo_label = o.label;
  row.projects = o.bmo.projects;
  row.projects_unpublished = o.bmo.projects_unpublished;
  row.difficult_share = o.bmo.difficult_share;
  row.difficult_unpublished = o.bmo.difficult_unpublished;
}

// A targeted fiche's row: its BMO occupation (through FAP 2009) and that occupation's needs.
AdequacyRow wanted_row(Work& w, const Count& target, const std::set<std::string>& bmo_codes,
                       const std::map<std::string, OccupationFigure>& by_code) {
  AdequacyRow row;
  row.rome_code = target.code;
  row.rome_label = target.label;
  row.people = target.people;
  for (const auto& f : w.tx.query("SELECT fap_code FROM rome_fap2009 WHERE rome_code = ? "
                                  "ORDER BY qualification",
                                  {target.code})) {
    row.bmo_code = bmo_code_of_fap2009(f.text(0), bmo_codes);
    if (!row.bmo_code.empty()) break;
  }
  if (!row.bmo_code.empty()) {
    if (auto it = by_code.find(row.bmo_code); it != by_code.end()) {
      copy_bmo(row, it->second);
    } else if (auto l = w.tx.query_one("SELECT label FROM bmo_occupations WHERE vintage = ? AND "
                                       "code = ?",
                                       {w.out.vintage, row.bmo_code})) {
      row.bmo_label = l->text(0);
    }
  }
  row.category = row.projects >= kRecruitingProjects ? "voulu-recrute" : "voulu-rare";
  return row;
}

}  // namespace

void adequacy(Work& w) {
  std::set<std::string> bmo_codes;
  for (const auto& r :
       w.tx.query("SELECT code FROM bmo_occupations WHERE vintage = ?", {w.out.vintage})) {
    bmo_codes.insert(r.text(0));
  }
  std::map<std::string, OccupationFigure> by_code;
  for (const auto& o : w.occupations) by_code[o.code] = o;
  std::set<std::string> wanted_bmo;
  for (const auto& target : w.out.targets) {
    w.out.adequacy.push_back(wanted_row(w, target, bmo_codes, by_code));
    if (!w.out.adequacy.back().bmo_code.empty()) wanted_bmo.insert(w.out.adequacy.back().bmo_code);
  }
  for (const auto& o : w.out.top_volume) {
    if (wanted_bmo.contains(o.code)) continue;
    AdequacyRow row;
    row.bmo_code = o.code;
    copy_bmo(row, o);
    row.category = "recrute-non-voulu";
    w.out.adequacy.push_back(row);
  }
}

// ---- mobility: from where people live to the recruiting towns -----------------------------
namespace {

// The recruiting towns: the main towns of the kHubs basins with most projects.
std::vector<const BasinCoverage*> hub_basins(const Indicators& out) {
  std::vector<const BasinCoverage*> hubs;
  for (const auto& b : out.basins) hubs.push_back(&b);
  std::sort(hubs.begin(), hubs.end(), [](const BasinCoverage* a, const BasinCoverage* b) {
    return a->bmo.projects != b->bmo.projects ? a->bmo.projects > b->bmo.projects
                                              : a->code < b->code;
  });
  if (hubs.size() > kHubs) hubs.resize(kHubs);
  return hubs;
}

std::map<std::string, referentials::GeoPoint> centroids(
    Work& w, const std::vector<const BasinCoverage*>& hubs) {
  std::map<std::string, referentials::GeoPoint> centroid;
  std::set<std::string> codes;
  for (const auto* h : hubs) codes.insert(h->main_town.code);
  for (const auto& [c, _] : w.commune_people) codes.insert(c);
  if (codes.empty()) return centroid;
  store::Params params(codes.begin(), codes.end());
  for (const auto& r : w.tx.query("SELECT commune_code, latitude, longitude FROM "
                                  "commune_centroids WHERE commune_code IN (" +
                                      placeholders(params.size()) + ")",
                                  params)) {
    centroid[r.text(0)] = {r.f64(1), r.f64(2)};
  }
  return centroid;
}

}  // namespace

void mobility(Work& w) {
  auto& out = w.out;
  auto hubs = hub_basins(out);
  auto centroid = centroids(w, hubs);
  for (const auto* h : hubs) {
    if (!centroid.contains(h->main_town.code)) continue;
    out.hubs.push_back({h->main_town.code, h->main_town.name, centroid[h->main_town.code].latitude,
                        centroid[h->main_town.code].longitude});
  }
  std::map<std::string, MobilityRow> rows;
  for (const auto& [code, np] : w.commune_people) {
    MobilityRow row;
    row.commune_code = code;
    row.commune_name = np.first;
    row.people = np.second;
    row.km = -1;
    if (centroid.contains(code)) {
      row.point = std::pair{centroid[code].latitude, centroid[code].longitude};
      for (const auto* h : hubs) {
        if (!centroid.contains(h->main_town.code)) continue;
        double km = referentials::great_circle_km(centroid[code], centroid[h->main_town.code]);
        if (row.km < 0 || km < row.km) {
          row.km = km;
          row.hub_code = h->main_town.code;
          row.hub_name = h->main_town.name;
        }
      }
    }
    rows[code] = row;
  }
  for (const auto& [person, p] : w.latest) {
    auto it = rows.find(w.commune_of[person]);
    if (it == rows.end() || it->second.km < 0) continue;
    ++it->second.with_radius;
    if (static_cast<double>(p.second) >= it->second.km) ++it->second.within_radius;
  }
  for (auto& [code, row] : rows) {
    out.mobility_within += row.within_radius;
    out.mobility_with_radius += row.with_radius;
    out.mobility.push_back(row);
  }
  std::sort(out.mobility.begin(), out.mobility.end(), [](const auto& a, const auto& b) {
    return a.people != b.people ? a.people > b.people : a.commune_code < b.commune_code;
  });
}

}  // namespace jalon::territorial::detail
