// The territory diagnosis (issue 7, block BC01): the figures a counselor needs to describe a
// territory's labour market and public, computed from the referentials and the structure's own
// caseload. BMO is published by bassin d'emploi, so the territory's BMO figures are those of the
// bassins it touches, each with the share of its population the territory holds — never figures
// spread over communes. A BMO cell under the publication threshold (`*`) is unknown: totals are
// "at least" the published sum, with the number of unpublished cells beside it.
//
// Shares (method 2, issue 11): difficult share = Σ published difficult / Σ published projects of
// the whole area, seasonal share likewise. An unpublished difficult or seasonal cell counts as 0
// in the numerator, never drops its row from the denominator, so the share is a lower bound
// ("au moins") whenever such cells exist; the number of those cells goes beside it. (Method 1
// divided by the projects of the rows where the figure was published, which inflated the shares:
// France read 61.9 % difficult and 44.5 % seasonal against 57.4 % and 29.9 % published.) The same
// definitions are used for the département, the région and France, so comparisons are like for
// like.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/generation_cache.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::territorial {

// Sums of BMO cells over a set of rows.
struct BmoTotals {
  int64_t rows = 0;
  int64_t projects = 0;  // published cells only: the true total is at least this
  int64_t projects_unpublished = 0;
  int64_t difficult = 0, difficult_unpublished = 0;
  int64_t seasonal = 0, seasonal_unpublished = 0;
  // difficult / projects and seasonal / projects: lower bounds when cells are unpublished.
  double difficult_share = 0, seasonal_share = 0;

  // Sums are additive: an area's totals are the sum of its occupations' (shares recomputed).
  BmoTotals& operator+=(const BmoTotals& o);
};

struct Town {
  std::string code, name;
  int64_t population = 0;
};

struct BasinCoverage {
  std::string code, name;
  int64_t communes_in = 0, communes_total = 0;
  int64_t population_in = 0, population_total = 0;
  double population_share = 0;  // population_in / population_total
  Town main_town;               // its most populated commune
  BmoTotals bmo;
};

struct OccupationFigure {
  std::string code, label, family_code, family_label;
  BmoTotals bmo;
};

struct FamilyFigure {
  std::string code, label;
  BmoTotals territory, departement, region, france;
  // Share of the area's published projects.
  double share_territory = 0, share_departement = 0, share_region = 0, share_france = 0;
};

struct ShortageOccupation {
  std::string fap_code, label;
};

struct Count {
  std::string code, label;
  int64_t people = 0;
};

struct AdequacyRow {
  std::string rome_code, rome_label;
  std::string bmo_code, bmo_label;  // the BMO occupation the ROME fiche maps to (FAP), if any
  int64_t people = 0;               // caseload members who target it
  int64_t projects = 0, projects_unpublished = 0;
  double difficult_share = 0;
  int64_t difficult_unpublished = 0;
  // "voulu-recrute", "voulu-rare", "recrute-non-voulu"
  std::string category;
};

struct MobilityRow {
  std::string commune_code, commune_name;
  int64_t people = 0;
  std::string hub_code, hub_name;  // nearest recruiting town
  double km = 0;
  int64_t within_radius = 0;  // people whose mobility radius reaches the hub
  int64_t with_radius = 0;    // people with a professional project giving a radius
  std::optional<std::pair<double, double>> point;  // the commune's centroid (lat, lon)
};

struct Hub {
  std::string code, name;
  double latitude = 0, longitude = 0;
};

struct Indicators {
  std::string territory_id, territory_name, territory_kind;
  int64_t communes = 0, population = 0;
  std::vector<Town> main_towns;  // 10 most populated
  std::string departement_code, departement_name, region_code, region_name;
  std::string geography_source;  // "COG 2026 (Insee, via @etalab/decoupage-administratif)"

  int vintage = 0;  // BMO year; 0 when no BMO is loaded
  std::string bmo_source;
  std::vector<BasinCoverage> basins;
  BmoTotals territory, departement, region, france;
  std::vector<OccupationFigure> top_volume;      // 10 by published projects
  std::vector<OccupationFigure> top_difficulty;  // 10 by difficult share, ≥ kMinProjects
  std::vector<OccupationFigure> seasonal_jobs;   // mostly seasonal (≥ 50 %), ≥ kMinProjects
  std::vector<FamilyFigure> families;            // by published projects in the territory

  std::string shortage_edition, shortage_source;
  std::vector<ShortageOccupation> shortages;  // the région's list

  // The structure's caseload living in the territory (people in follow-up or not).
  int64_t caseload = 0;
  std::vector<Count> barriers;  // people per diagnosis theme (current barriers)
  std::vector<Count> targets;   // people per targeted ROME fiche
  std::vector<AdequacyRow> adequacy;
  std::vector<MobilityRow> mobility;
  std::vector<Hub> hubs;  // recruiting towns: main town of the basins recruiting most
  int64_t mobility_within = 0, mobility_with_radius = 0;
};

inline constexpr int64_t kMinProjects = 20;

// The version of the way the figures are computed, stored with each note's figures: a note
// whose figures came from an older method says so and offers a version recomputed with this one.
// 1: shares over the rows where the figure was published (biased upwards); 2: over all projects.
inline constexpr int kFigureMethod = 2;  // occupations ranked by a share need this many

// One occupation's BMO figures over an area (summed per basin when `basin` is set).
struct AreaRow {
  std::string basin;
  OccupationFigure occupation;
};

// Computes the indicators. The comparison areas (a département, a région, France) are the same
// for every territory: their rows are kept per BMO import (the generation is the import's
// timestamp in referential_datasets), so a dashboard reads only its own bassins.
class IndicatorService {
 public:
  explicit IndicatorService(store::Database& db) : db_(db) {}

  // The indicators of one of the structure's territories (not found for another structure's).
  Result<Indicators> compute(const std::string& structure_id, const std::string& territory_id);

  // The comparison areas' rows, for tests (hits() after a repeated computation).
  const GenerationCache<std::vector<AreaRow>>& area_cache() const { return areas_; }

 private:
  store::Database& db_;
  GenerationCache<std::vector<AreaRow>> areas_{256};
};

}  // namespace jalon::territorial
