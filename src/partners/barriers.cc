#include "partners/barriers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/assets.h"
#include "store/row_reader.h"

namespace jalon::partners {
namespace {

constexpr const char* kMappingAsset = "static/data/barrier-themes.json";

std::map<std::string, std::vector<std::string>> read_map(const nlohmann::json& j) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [k, v] : j.items()) out[k] = v.get<std::vector<std::string>>();
  return out;
}

struct Item {
  std::string person, commune, theme, item, kind, status;
  int severity = 0;
};

// The barrier an item of a diagnosis stands for, or false (a lever, a point d'appui).
bool barrier_of(const Item& i, Barrier& out) {
  const auto& m = barrier_mapping();
  if (i.kind == "barrier") {
    const auto* sit = beneficiaries::find_situation(i.item);
    auto it = m.barriers.find(i.item);
    if (!sit || it == m.barriers.end()) return false;
    const auto* theme = beneficiaries::find_theme(sit->group);
    out = {i.item, std::string(sit->label), theme ? std::string(theme->label) : "", i.severity,
           it->second};
    return true;
  }
  if (i.kind == "pro_status" && i.status == "besoin") {
    const auto* theme = beneficiaries::find_theme(i.theme);
    auto it = m.needs.find(i.theme);
    if (!theme || it == m.needs.end()) return false;
    out = {"besoin:" + i.theme, "Besoin : " + std::string(theme->label), "Projet professionnel", 0,
           it->second};
    return true;
  }
  return false;
}

// Items of the latest diagnosis of each person of the caller's scope (or of one person).
std::vector<Item> latest_items(store::Database& db, const access::Session& s,
                               const std::string& beneficiary_id) {
  store::Params p;
  std::string sql =
      "SELECT b.id, COALESCE(b.commune_code, ''), i.theme, i.item, i.kind, i.status, i.severity "
      "FROM beneficiaries b JOIN diagnoses d ON d.beneficiary_id = b.id JOIN diagnosis_items i "
      "ON i.diagnosis_id = d.id WHERE d.id = (SELECT d2.id FROM diagnoses d2 WHERE "
      "d2.beneficiary_id = b.id ORDER BY d2.made_on DESC, d2.created_at DESC LIMIT 1) AND ";
  if (!beneficiary_id.empty()) {
    sql += "b.id = ? AND ";
    p.push_back(beneficiary_id);
  }
  sql += access::Scope::of(s).beneficiaries("b", p);
  auto tx = db.read();
  std::vector<Item> out;
  for (const auto& r : tx.query(sql + " ORDER BY b.id", p)) {
    store::RowReader c(r);
    Item i;
    i.person = c.text();
    i.commune = c.text();
    i.theme = c.text();
    i.item = c.text();
    i.kind = c.text();
    i.status = c.text();
    i.severity = static_cast<int>(c.i64());
    out.push_back(std::move(i));
  }
  tx.commit();
  return out;
}

}  // namespace

const BarrierMapping& barrier_mapping() {
  static const BarrierMapping m = [] {
    auto body = assets::AssetSource().get(kMappingAsset);
    if (!body) throw std::runtime_error(std::string("missing embedded asset ") + kMappingAsset);
    auto j = nlohmann::json::parse(*body);
    BarrierMapping out;
    out.version = j.at("version").get<std::string>();
    out.barriers = read_map(j.at("freins"));
    out.needs = read_map(j.at("besoins"));
    return out;
  }();
  return m;
}

namespace {

// The local services of a barrier for a commune, each (thematique, commune) searched once per
// call.
class LocalServices {
 public:
  LocalServices(PartnerDirectory& d, const access::Session& s) : d_(d), s_(s) {}
  std::vector<PartnerService> operator()(const Barrier& b, const std::string& commune) {
    std::vector<PartnerService> out;
    std::set<std::string> seen;
    for (const auto& theme : b.themes) {
      auto key = std::make_pair(theme, commune);
      auto it = cache_.find(key);
      if (it == cache_.end()) {
        auto found = d_.search(s_, {theme, "", commune, ""});
        if (!found.ok()) found = d_.search(s_, {theme, "", "", ""});  // commune not in the COG
        it = cache_.emplace(key, found.ok() ? *found : std::vector<PartnerService>{}).first;
      }
      for (const auto& v : it->second) {
        if (seen.insert(v.id).second) out.push_back(v);
      }
    }
    return out;
  }

 private:
  PartnerDirectory& d_;
  const access::Session& s_;
  std::map<std::pair<std::string, std::string>, std::vector<PartnerService>> cache_;
};

}  // namespace

std::vector<BarrierServices> PartnerDirectory::barrier_services(const access::Session& s,
                                                                const std::string& id) {
  std::vector<BarrierServices> out;
  if (!looks_like_id(id)) return out;
  LocalServices local(*this, s);
  for (const auto& i : latest_items(db_, s, id)) {
    Barrier b;
    if (!barrier_of(i, b)) continue;
    out.push_back({b, local(b, i.commune)});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.barrier.severity > b.barrier.severity;
  });
  return out;
}

std::vector<BarrierGap> PartnerDirectory::barrier_gaps(const access::Session& s) {
  LocalServices local(*this, s);
  std::map<std::string, BarrierGap> by_code;
  std::map<std::string, std::set<std::string>> service_ids;
  for (const auto& i : latest_items(db_, s, "")) {
    Barrier b;
    if (!barrier_of(i, b)) continue;
    auto& g = by_code[b.code];
    if (g.barrier.code.empty()) g.barrier = b;
    g.barrier.severity = std::max(g.barrier.severity, b.severity);
    ++g.people;
    auto found = local(b, i.commune);
    if (found.empty()) ++g.people_without;
    for (const auto& v : found) {
      if (service_ids[b.code].insert(v.id).second) g.services.push_back(v);
    }
  }
  std::vector<BarrierGap> out;
  for (auto& [code, g] : by_code) out.push_back(std::move(g));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.people > b.people; });
  audit_.record_async(access::audit_entry(s, "read", "caseload_barriers", "", "pathway"));
  return out;
}

}  // namespace jalon::partners
