// Barrier → service (issue 19): the diagnosis' barriers (situations, and professional-project
// themes marked « Besoin ») mapped to data·inclusion thematiques by a versioned data file,
// web/static/data/barrier-themes.json, so that each barrier of a person's latest diagnosis shows
// the local services of the directory addressing it, and the caseload's barriers show where the
// territory has no answer (the gap view).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "partners/service.h"

namespace jalon::partners {

struct BarrierMapping {
  std::string version;
  std::map<std::string, std::vector<std::string>> barriers;  // situation code -> thematiques
  std::map<std::string, std::vector<std::string>> needs;     // professional theme -> thematiques
};
// The embedded data file, parsed once.
const BarrierMapping& barrier_mapping();

struct Barrier {
  std::string code, label, theme_label;  // a situation, or a professional theme (need)
  int severity = 0;                      // 0 for a need
  std::vector<std::string> themes;       // data·inclusion thematiques addressing it
};

struct BarrierServices {
  Barrier barrier;
  std::vector<PartnerService> services;  // local: their zone covers the person's commune
};

struct BarrierGap {
  Barrier barrier;
  int people = 0;                        // people of the caller's scope with this barrier
  int people_without = 0;                // of them, those with no local service for it
  std::vector<PartnerService> services;  // covering at least one of these people
};

}  // namespace jalon::partners
