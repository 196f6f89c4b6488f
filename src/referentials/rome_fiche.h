// A ROME fiche as a counselor reads it: the job's label and place in the tree (grand domaine,
// domaine professionnel), its appellations, its savoirs and activities (core, then specific), its
// work environments, its RIASEC profile, its definition, access and working-conditions texts, and
// the mobilities in both directions — the jobs one can move to from it, and the jobs from which
// one can move to it — each close (similar skills) or evolution (a step up).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace jalon::referentials {

enum class MobilityKind { kClose = 1, kEvolution = 2 };
// "Mobilité proche", "Mobilité d'évolution".
std::string_view mobility_label(MobilityKind k);

struct RomeCodeLabel {
  std::string code, label;
};

struct RomeAppellation {
  std::string code, label, short_label;
};

struct RomeItem {
  std::string code, label;
  bool core = false;  // de base (true) or spécifique (false)
};

struct RomeWorkEnvironment {
  std::string code, label, section;  // section: STRUCTURES, SECTEURS or CONDITIONS
};

struct RomeMobility {
  MobilityKind kind = MobilityKind::kClose;
  RomeCodeLabel other;            // the fiche at the other end
  std::string appellation;        // label of this fiche's appellation, when the link is one
  std::string other_appellation;  // label of the other fiche's appellation, when the link is one
};

struct RomeFiche {
  std::string code, label;
  RomeCodeLabel grand_domain, domain;
  std::string riasec_major, riasec_minor;  // one of R I A S E C; minor may be empty
  std::vector<RomeAppellation> appellations;
  std::vector<RomeItem> knowledge;   // savoirs
  std::vector<RomeItem> activities;  // savoir-faire
  std::vector<RomeWorkEnvironment> work_environments;
  std::vector<RomeMobility> mobilities_out;                 // from this fiche to others
  std::vector<RomeMobility> mobilities_in;                  // from others to this fiche
  std::vector<std::string> definition, access, conditions;  // paragraphs in order
};

// The fiche with this code ("k1302" is accepted); not found when the store has no such fiche.
Result<RomeFiche> rome_fiche(store::Database& db, std::string_view code);

}  // namespace jalon::referentials
