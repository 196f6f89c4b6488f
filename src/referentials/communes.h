// Finding communes and what they belong to: by name (accents, case, hyphens ignored; "st" and
// "ste" read as "saint" and "sainte") or by postcode, the areas a commune is part of (EPCI,
// département, région, employment zone and basin — found through its former codes or its parent
// commune when the area file predates a merger or lists Paris, Lyon and Marseille whole), and
// distances between communes from their centroids (great circle on a sphere of the Earth's mean
// radius).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace jalon::referentials {

struct CommuneSummary {
  std::string code;  // INSEE code, e.g. "38239"
  std::string name;  // "Moirans"
  std::string departement_code;
  std::vector<std::string> postcodes;
  std::optional<int64_t> population;
};

inline constexpr int kCommuneSearchMaxResults = 20;

// Communes whose name starts with the query, or has a word starting with it (exact names first,
// then by population); when the query is digits, communes whose postcode starts with it (by
// population), then the commune with that INSEE code.
std::vector<CommuneSummary> find_communes(store::Database& db, std::string_view query,
                                          int limit = kCommuneSearchMaxResults);

struct AreaRef {
  std::string code, name;  // both empty when the commune is in no such area
};

struct GeoPoint {
  double latitude = 0, longitude = 0;  // degrees
};

struct CommuneDetail {
  CommuneSummary commune;
  std::string kind;         // "commune-actuelle" or "arrondissement-municipal"
  std::string parent_code;  // the commune of a municipal arrondissement
  AreaRef epci, departement, region, employment_zone, employment_basin;
  std::optional<GeoPoint> centroid;
};

// The one commune a person means by what they typed in a commune field: an INSEE code ("38563"),
// a name ("Voiron", "st egreve"), or a name with its postcode or département in any order
// ("Voiron (38500)", "38500 Voiron", "Saint-Martin-d'Hères 38"). Invalid, with the candidates
// named, when the text fits several communes or none.
Result<CommuneSummary> resolve_commune(store::Database& db, std::string_view text);

Result<CommuneDetail> commune_detail(store::Database& db, std::string_view code);

// Great-circle distance in kilometres (haversine, mean Earth radius 6 371.0088 km).
double great_circle_km(GeoPoint a, GeoPoint b);

// Distance between the centroids of two communes; not found when either has none.
Result<double> distance_km(store::Database& db, std::string_view from, std::string_view to);

struct CommuneDistance {
  std::string code, name;
  double km = 0;
};

// Communes whose centroid lies within radius_km of the commune's, nearest first (the commune
// itself first, at 0 km). Invalid for a negative or over-large radius (max 300 km).
Result<std::vector<CommuneDistance>> communes_within(store::Database& db, std::string_view code,
                                                     double radius_km);

}  // namespace jalon::referentials
