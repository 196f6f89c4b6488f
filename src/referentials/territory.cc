#include "referentials/territory.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "core/validation.h"
#include "referentials/geography.h"
#include "referentials/import.h"
#include "referentials/sql.h"
#include "store/row_reader.h"

namespace jalon::referentials {
namespace {

constexpr std::size_t kMaxNameLength = 120;

struct KindInfo {
  TerritoryKind kind;
  std::string_view code, label;
  // The area table, and the membership table and its area column (empty when communes carry
  // the area themselves, as for départements and régions).
  std::string_view areas, members, member_column, commune_column, unknown;
};

constexpr KindInfo kKinds[] = {
    {TerritoryKind::kEpci, "epci", "EPCI", "epcis", "epci_communes", "epci_code", "",
     "EPCI inconnu"},
    {TerritoryKind::kEmploymentZone, "zone-emploi", "Zone d'emploi", "employment_zones",
     "employment_zone_communes", "zone_code", "", "Zone d'emploi inconnue"},
    {TerritoryKind::kEmploymentBasin, "bassin-emploi", "Bassin d'emploi", "employment_basins",
     "employment_basin_communes", "basin_code", "", "Bassin d'emploi inconnu"},
    {TerritoryKind::kDepartement, "departement", "Département", "departements", "", "",
     "departement_code", "Département inconnu"},
    {TerritoryKind::kRegion, "region", "Région", "regions", "", "", "region_code",
     "Région inconnue"},
    {TerritoryKind::kCustom, "communes", "Communes choisies", "", "", "", "", ""},
};

const KindInfo& info(TerritoryKind k) {
  for (const auto& i : kKinds) {
    if (i.kind == k) return i;
  }
  return kKinds[std::size(kKinds) - 1];
}

Result<std::string> checked_name(std::string_view name_in) {
  std::string name = text::trim(name_in);
  if (name.empty() || !text::valid_utf8(name)) {
    return Error::invalid("Donnez un nom au territoire.", "nom");
  }
  if (auto st = validation::text(name, "nom", "Le nom", kMaxNameLength); !st) return st.error();
  return name;
}

std::string name_key(const std::string& name) {
  return text::fold(name);
}

bool is_conflict(const store::StoreError& e) {
  return e.kind() == store::StoreError::Kind::kConstraint;
}

// The territory's communes become exactly `codes` (batched inserts, stale ones removed).
void store_communes(store::Tx& tx, const std::string& id, const std::vector<std::string>& codes) {
  TableLoader loader(
      tx, {"territory_communes", {"territory_id", "commune_code"}, 2, "territory_id"}, id);
  for (const auto& c : codes) loader.add({id, c}, {});
  loader.finish();
}

}  // namespace

std::string_view territory_kind_code(TerritoryKind k) {
  return info(k).code;
}
std::string_view territory_kind_label(TerritoryKind k) {
  return info(k).label;
}

std::optional<TerritoryKind> parse_territory_kind(std::string_view code) {
  for (const auto& i : kKinds) {
    if (i.code == code) return i.kind;
  }
  return std::nullopt;
}

std::vector<AreaSummary> find_areas(store::Database& db, TerritoryKind kind, std::string_view query,
                                    int limit) {
  const KindInfo& k = info(kind);
  limit = std::clamp(limit, 0, kAreaSearchMaxResults);
  std::string q = commune_search_name(query);
  if (kind == TerritoryKind::kCustom || q.empty() || limit == 0) return {};
  auto tx = db.read();
  // The area tables are small (at most ~1 300 EPCI): folding their names here keeps one rule
  // for accents on both engines.
  auto rows = tx.query("SELECT code, name FROM " + std::string(k.areas) + " ORDER BY name");
  tx.commit();
  std::vector<std::pair<int, AreaSummary>> ranked;
  for (const auto& r : rows) {
    std::string code = r.text(0), name = r.text(1);
    std::string folded = " " + commune_search_name(name);
    int rank = -1;
    if (commune_search_name(code).starts_with(q))
      rank = 0;
    else if (folded.starts_with(" " + q))
      rank = 1;
    else if (folded.find(" " + q) != std::string::npos)
      rank = 2;
    if (rank >= 0) ranked.push_back({rank, {code, name}});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<AreaSummary> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < static_cast<std::size_t>(limit); ++i) {
    out.push_back(ranked[i].second);
  }
  return out;
}

Result<std::vector<std::string>> TerritoryService::area_communes(store::Tx& tx, TerritoryKind kind,
                                                                 const std::string& code) {
  const KindInfo& k = info(kind);
  if (kind == TerritoryKind::kCustom)
    return Error::invalid("Pas de zone pour des communes choisies");
  // Table and column names come from kKinds, never from input.
  if (!tx.query_one("SELECT 1 FROM " + std::string(k.areas) + " WHERE code = ?", {code})) {
    return Error::invalid(std::string(k.unknown) + " : " + code, "code");
  }
  std::vector<store::Row> rows;
  if (!k.commune_column.empty()) {
    rows = tx.query("SELECT code FROM communes WHERE kind = 'commune-actuelle' AND " +
                        std::string(k.commune_column) + " = ? ORDER BY code",
                    {code});
  } else {
    // Members listed under their current code, or under a former one when the area's file
    // predates a merger (and the commune is not listed under its own code elsewhere).
    std::string m(k.members), col(k.member_column);
    rows = tx.query(
        "SELECT c.code FROM communes c WHERE c.kind = 'commune-actuelle' AND ("
        "c.code IN (SELECT commune_code FROM " +
            m + " WHERE " + col +
            " = ?) OR ("
            "c.code NOT IN (SELECT commune_code FROM " +
            m +
            ") AND c.code IN ("
            "SELECT f.commune_code FROM commune_former_codes f JOIN " +
            m + " x ON x.commune_code = f.former_code WHERE x." + col + " = ?))) ORDER BY c.code",
        {code, code});
  }
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.text(0));
  if (out.empty()) {
    return Error::invalid("Aucune commune connue dans cette zone (" + std::string(k.label) + " " +
                              code + ") : importez les communes d'abord.",
                          "code");
  }
  return out;
}

Result<std::vector<std::string>> TerritoryService::area_communes(TerritoryKind kind,
                                                                 std::string_view code) {
  auto tx = db_.read();
  auto out = area_communes(tx, kind, std::string(code));
  tx.commit();
  return out;
}

Result<std::vector<std::string>> TerritoryService::checked_communes(
    store::Tx& tx, const std::vector<std::string>& codes) {
  std::set<std::string> unique(codes.begin(), codes.end());
  if (unique.empty()) return Error::invalid("Choisissez au moins une commune.", "communes");
  std::vector<std::string> out(unique.begin(), unique.end());
  std::set<std::string> known;
  constexpr std::size_t kChunk = 500;
  for (std::size_t i = 0; i < out.size(); i += kChunk) {
    store::Params chunk(
        out.begin() + static_cast<std::ptrdiff_t>(i),
        out.begin() + static_cast<std::ptrdiff_t>(std::min(out.size(), i + kChunk)));
    for (const auto& r :
         tx.query("SELECT code FROM communes WHERE code IN (" + placeholders(chunk.size()) + ")",
                  chunk)) {
      known.insert(r.text(0));
    }
  }
  for (const auto& c : out) {
    if (!known.contains(c)) return Error::invalid("Commune inconnue : " + c, "communes");
  }
  return out;
}

std::optional<Territory> TerritoryService::load(store::Tx& tx, std::string_view structure_id,
                                                std::string_view id) {
  if (!looks_like_id(std::string(id))) return std::nullopt;
  auto r = tx.query_one(
      "SELECT id, structure_id, name, kind, COALESCE(source_code, ''), created_at, updated_at "
      "FROM territories WHERE id = ? AND structure_id = ?",
      {id, structure_id});
  if (!r) return std::nullopt;
  Territory t;
  store::RowReader c(*r);
  t.id = c.text();
  t.structure_id = c.text();
  t.name = c.text();
  t.kind = parse_territory_kind(c.text()).value_or(TerritoryKind::kCustom);
  t.area_code = c.text();
  t.created_at = c.i64();
  t.updated_at = c.i64();
  for (const auto& c : tx.query("SELECT commune_code FROM territory_communes WHERE territory_id = "
                                "? ORDER BY commune_code",
                                {t.id})) {
    t.commune_codes.push_back(c.text(0));
  }
  return t;
}

Result<Territory> TerritoryService::create(std::string_view structure_id,
                                           const TerritoryDraft& draft) {
  if (structure_id.empty()) return Error::internal("territory without a structure");
  auto name = checked_name(draft.name);
  if (!name.ok()) return name.error();
  auto tx = db_.write();
  auto communes = draft.kind == TerritoryKind::kCustom
                      ? checked_communes(tx, draft.commune_codes)
                      : area_communes(tx, draft.kind, text::trim(draft.area_code));
  if (!communes.ok()) return communes.error();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  std::string area = draft.kind == TerritoryKind::kCustom ? "" : text::trim(draft.area_code);
  try {
    tx.exec(
        "INSERT INTO territories (id, structure_id, name, name_key, kind, source_code, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, structure_id, *name, name_key(*name), territory_kind_code(draft.kind),
         area.empty() ? store::Value() : store::Value(area), now, now});
  } catch (const store::StoreError& e) {
    if (is_conflict(e)) return Error::conflict("Un territoire porte déjà ce nom.");
    throw;
  }
  store_communes(tx, id, *communes);
  auto t = load(tx, structure_id, id);
  tx.commit();
  return *t;
}

Result<Territory> TerritoryService::get(std::string_view structure_id, std::string_view id) {
  auto tx = db_.read();
  auto t = load(tx, structure_id, id);
  tx.commit();
  if (!t) return Error::not_found("Territoire introuvable");
  return *t;
}

std::vector<TerritorySummary> TerritoryService::list(std::string_view structure_id) {
  auto tx = db_.read();
  auto rows = tx.query(
      "SELECT t.id, t.name, t.kind, COALESCE(t.source_code, ''), COUNT(c.commune_code) "
      "FROM territories t LEFT JOIN territory_communes c ON c.territory_id = t.id "
      "WHERE t.structure_id = ? GROUP BY t.id, t.name, t.kind, t.source_code, t.name_key "
      "ORDER BY t.name_key",
      {structure_id});
  tx.commit();
  std::vector<TerritorySummary> out;
  for (const auto& r : rows) {
    out.push_back({r.text(0), r.text(1),
                   parse_territory_kind(r.text(2)).value_or(TerritoryKind::kCustom), r.text(3),
                   r.i64(4)});
  }
  return out;
}

Result<Territory> TerritoryService::rename(std::string_view structure_id, std::string_view id,
                                           std::string_view new_name) {
  return update(structure_id, id, std::string(new_name), std::nullopt);
}

Result<Territory> TerritoryService::set_communes(std::string_view structure_id, std::string_view id,
                                                 const std::vector<std::string>& commune_codes) {
  return update(structure_id, id, std::nullopt, commune_codes);
}

Result<Territory> TerritoryService::update(
    std::string_view structure_id, std::string_view id, const std::optional<std::string>& new_name,
    const std::optional<std::vector<std::string>>& commune_codes) {
  std::optional<std::string> name;
  if (new_name) {
    auto checked = checked_name(*new_name);
    if (!checked.ok()) return checked.error();
    name = *checked;
  }
  // Everything below runs in one write transaction, committed only when every part succeeded:
  // returning early drops it, which rolls back what was already written.
  auto tx = db_.write();
  if (!load(tx, structure_id, id)) return Error::not_found("Territoire introuvable");
  if (commune_codes) {
    auto communes = checked_communes(tx, *commune_codes);
    if (!communes.ok()) return communes.error();
    store_communes(tx, std::string(id), *communes);
    tx.exec("UPDATE territories SET kind = ?, source_code = NULL, updated_at = ? WHERE id = ?",
            {territory_kind_code(TerritoryKind::kCustom), clock_.now_ms(), id});
  }
  if (name) {
    try {
      tx.exec(
          "UPDATE territories SET name = ?, name_key = ?, updated_at = ? WHERE id = ? AND "
          "structure_id = ?",
          {*name, name_key(*name), clock_.now_ms(), id, structure_id});
    } catch (const store::StoreError& e) {
      if (is_conflict(e)) return Error::conflict("Un territoire porte déjà ce nom.");
      throw;
    }
  }
  auto t = load(tx, structure_id, id);
  tx.commit();
  return *t;
}

Status TerritoryService::remove(std::string_view structure_id, std::string_view id) {
  auto tx = db_.write();
  if (!load(tx, structure_id, id)) return Error::not_found("Territoire introuvable");
  tx.exec("DELETE FROM territories WHERE id = ? AND structure_id = ?", {id, structure_id});
  tx.commit();
  return ok_status();
}

}  // namespace jalon::referentials
