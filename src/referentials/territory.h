// Territories: the named sets of communes a structure works on — "CA du Pays Voironnais", "Bassin
// de Voiron", "Isère", or communes picked by hand. A territory is built from an area (EPCI,
// employment zone, employment basin, département, région) or from a list of communes, and its
// communes are stored with it, so later features (diagnosis, BMO figures, maps) read one stable
// set even when the referentials are re-imported. Territories belong to a structure: every call
// takes the caller's structure id, and another structure's territory is "not found".
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::referentials {

enum class TerritoryKind {
  kEpci,
  kEmploymentZone,
  kEmploymentBasin,
  kDepartement,
  kRegion,
  kCustom
};

// Stable codes stored in the database ("epci", "zone-emploi", "bassin-emploi", "departement",
// "region", "communes") and the French labels shown to users.
std::string_view territory_kind_code(TerritoryKind k);
std::string_view territory_kind_label(TerritoryKind k);
std::optional<TerritoryKind> parse_territory_kind(std::string_view code);

struct TerritoryDraft {
  std::string name;
  TerritoryKind kind = TerritoryKind::kCustom;
  std::string area_code;                   // the EPCI, zone, basin, département or région
  std::vector<std::string> commune_codes;  // kCustom only
};

struct Territory {
  std::string id;
  std::string structure_id;
  std::string name;
  TerritoryKind kind = TerritoryKind::kCustom;
  std::string area_code;                   // empty for kCustom
  std::vector<std::string> commune_codes;  // sorted
  Millis created_at = 0, updated_at = 0;
};

struct TerritorySummary {
  std::string id, name;
  TerritoryKind kind = TerritoryKind::kCustom;
  std::string area_code;
  int64_t communes = 0;
};

struct AreaSummary {
  std::string code, name;
};

inline constexpr int kAreaSearchMaxResults = 20;

// Areas of a kind (not kCustom) whose name has a word starting with the query, or whose code
// starts with it — accents and case ignored, names starting with the query first.
std::vector<AreaSummary> find_areas(store::Database& db, TerritoryKind kind, std::string_view query,
                                    int limit = kAreaSearchMaxResults);

class TerritoryService {
 public:
  TerritoryService(store::Database& db, const Clock& clock, Random& rng)
      : db_(db), clock_(clock), rng_(rng) {}

  // The current communes of an area (municipal arrondissements aside: their commune stands for
  // them), found through former codes when the area's file predates a merger. Sorted.
  Result<std::vector<std::string>> area_communes(TerritoryKind kind, std::string_view code);

  Result<Territory> create(std::string_view structure_id, const TerritoryDraft& draft);
  Result<Territory> get(std::string_view structure_id, std::string_view id);
  std::vector<TerritorySummary> list(std::string_view structure_id);
  Result<Territory> rename(std::string_view structure_id, std::string_view id,
                           std::string_view name);
  // Replaces the communes; the territory becomes a hand-picked one.
  Result<Territory> set_communes(std::string_view structure_id, std::string_view id,
                                 const std::vector<std::string>& commune_codes);
  // A new name and/or new communes, in one transaction: any refusal (name taken, unknown
  // commune) changes nothing. Both absent: the territory as it is.
  Result<Territory> update(std::string_view structure_id, std::string_view id,
                           const std::optional<std::string>& name,
                           const std::optional<std::vector<std::string>>& commune_codes);
  Status remove(std::string_view structure_id, std::string_view id);

 private:
  Result<std::vector<std::string>> checked_communes(store::Tx& tx,
                                                    const std::vector<std::string>& codes);
  Result<std::vector<std::string>> area_communes(store::Tx& tx, TerritoryKind kind,
                                                 const std::string& code);
  std::optional<Territory> load(store::Tx& tx, std::string_view structure_id, std::string_view id);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
};

}  // namespace jalon::referentials
