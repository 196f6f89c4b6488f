// The invented material the demo draws from: first names and surnames, the communes around
// Voiron, the job families of an ACI's public (an experience, the ROME appellations it leads to,
// a local employer), and the barriers a diagnosis finds with what a pathway does about each
// (objective and actions of the catalogues, the partner a person is referred to). Everything here
// is synthetic; only the codes (ROME, COG, catalogues) are real, so that every label resolves.
#pragma once
#include <vector>

namespace jalon::demo {

extern const std::vector<const char*> kWomenFirstNames;
extern const std::vector<const char*> kMenFirstNames;
extern const std::vector<const char*> kSurnames;

struct Commune {
  const char* code;  // COG
  const char* name;
  int weight;  // how many of the structure's people live there, relatively
};
const std::vector<Commune>& communes();

// What a person has done, and the jobs it makes believable targets.
struct JobFamily {
  const char* experience;                 // the diagnosis lever, in the counselor's words
  std::vector<const char*> appellations;  // ROME appellation codes (OGR), most likely first
  const char* employer;                   // a fictitious local employer (immersions, tripartite)
  bool needs_licence;                     // driving jobs: only people with a licence target them
};
const std::vector<JobFamily>& job_families();

// A barrier found at diagnosis and the pathway's answer to it.
struct Need {
  const char* situation;  // beneficiaries::situations() code
  const char* theme;
  const char* objective;             // objective_catalogue() code
  std::vector<const char*> actions;  // action_catalogue() codes, in the order they are done
  const char* partner;               // where the person is referred to
  const char* service;
  const char* reason;
};
const std::vector<Need>& needs();

// The professional side of every pathway: an objective and its actions.
struct ProfessionalStep {
  const char* objective;
  std::vector<const char*> actions;
};
const std::vector<ProfessionalStep>& professional_steps();

// What interview reports say, by appointment kind; picked at random.
struct ReportLines {
  std::vector<const char*> topics, decisions, person, counselor, next;
};
const ReportLines& report_lines();

}  // namespace jalon::demo
