// Inside IndicatorService::compute (indicators.cc): what the sections share while one
// territory is computed, and the sections about the structure's own public
// (indicators_people.cc). Not for use outside territorial/indicators*.cc.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "territorial/indicators.h"

namespace jalon::territorial::detail {

// What the sections share while one territory is computed.
struct Work {
  store::Tx& tx;
  const std::string& structure_id;
  const std::string& territory_id;
  Indicators& out;
  std::map<std::string, std::string> basin_of;  // commune in the territory -> basin
  std::map<std::string, int64_t> population_of;
  std::set<std::string> basin_codes;
  std::map<std::string, std::map<std::string, int64_t>> basin_members;  // basin -> commune, people
  std::vector<OccupationFigure> occupations;  // the territory's, by published projects
  std::map<std::string, std::pair<std::string, int64_t>> commune_people;  // code -> name, n
  std::map<std::string, std::string> commune_of;                          // person -> commune
  std::map<std::string, std::pair<std::string, int64_t>> latest;  // person -> appellations, km
};

inline const std::string kMembers =
    "SELECT commune_code FROM territory_communes WHERE territory_id = ?";
inline const std::string kPeople =
    "SELECT id FROM beneficiaries WHERE structure_id = ? AND status = 'en_cours' AND "
    "commune_code IN (" +
    kMembers + ")";

// ---- the structure's public living there: caseload and barriers
void public_living_there(Work& w);
// Each person's latest project: the ROME fiches they target and their mobility radius.
void targeted_fiches(Work& w);
// Targeted fiches against the BMO needs (needs w.occupations, the territory's BMO figures).
void adequacy(Work& w);
// From where people live to the recruiting towns.
void mobility(Work& w);

}  // namespace jalon::territorial::detail
