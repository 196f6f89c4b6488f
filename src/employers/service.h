// EmployerService: the employers a structure works with. The establishment facts (SIRENE) are a
// public directory; everything else is the caller's structure's own: its relation status, tags
// and notes, contacts (personal data: every read and write audited), prospecting actions, and
// the applications and placements of the people it accompanies (scoped to the caller's caseload
// through access::Scope). Another structure's rows are "not found". Dates are "YYYY-MM-DD".
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::employers {

struct Establishment {
  std::string id, siret, name, naf_code, naf_label, size_band, address, postcode, commune_code,
      commune_name;
  bool active = true;
  // The caller's structure's relation.
  std::string status, tags, notes;
};

struct EmployerFilter {
  std::string query;    // name or SIRET, case-insensitive
  std::string status;   // a relation status, or "" for all
  std::string commune;  // a commune code, or ""
  std::string rome;     // only employers whose sector hires for this job (ROME code)
  int limit = 100;
};

struct Contact {
  std::string id, name, role, phone, email;
};

struct ActionInput {
  std::string kind, done_on, outcome, next_step, next_due_on;
};
struct Action {
  std::string id, kind, done_on, author, outcome, next_step, next_due_on;
  bool next_done = false;
};

// A job the employer's sector hires for: DPAE hires of its NAF in this ROME (La Bonne Boîte's
// table), their share of the sector's hires, and the score that adds the size.
struct HiringJob {
  std::string rome_code, rome_label;
  int64_t hirings = 0, sector_hirings = 0;
  double share = 0, score = 0;
  std::string why;  // the explanation shown on the employer's page
};

struct EstablishmentInput {
  std::string siret, name, naf_code, size_band, address, postcode, commune_code;
};

struct ApplicationInput {
  std::string establishment_id, job, message;
};
struct Application {
  std::string id, beneficiary_id, person, establishment_id, employer, job, state, refusal_reason,
      message;
  Millis created_at = 0, updated_at = 0;
  std::string placement_id;
};
struct PlacementInput {
  std::string contract, hours_per_week, start_on, end_on;
};
// A person's latest placement as the outcomes read it (the exit form is prefilled from it).
struct LatestPlacement {
  std::string employer, job, contract, start_on, end_on;
};

class EmployerService {
 public:
  EmployerService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit);

  // ---- directory and relation (employers.cc) -----------------------------------------------
  std::vector<Establishment> list(const access::Session& s, const EmployerFilter& f);
  // Counts per relation status (every status present), for the pipeline view.
  std::vector<std::pair<std::string, int64_t>> pipeline(const access::Session& s);
  Result<Establishment> get(const access::Session& s, const std::string& id);
  // Adds an establishment typed by a counselor (SIRET checked, unique).
  Result<std::string> create(const access::Session& s, const EstablishmentInput& in);
  // Every mistake of `in` at once, one per field, in the form's order.
  std::vector<Error> creation_mistakes(const EstablishmentInput& in);
  Status set_relation(const access::Session& s, const std::string& id, const std::string& status,
                      const std::string& tags, const std::string& notes);
  std::vector<HiringJob> hiring_jobs(const access::Session& s, const std::string& id,
                                     int limit = 5);

  // ---- contacts and prospecting (prospecting.cc) -------------------------------------------
  std::vector<Contact> contacts(const access::Session& s, const std::string& id);
  Result<std::string> add_contact(const access::Session& s, const std::string& id,
                                  const Contact& in);
  std::vector<Error> contact_mistakes(const Contact& in);
  std::vector<Action> actions(const access::Session& s, const std::string& id);
  // An action; with a next step and its due date it lands on the author's to-do list.
  Result<std::string> add_action(const access::Session& s, const std::string& id,
                                 const ActionInput& in);
  std::vector<Error> action_mistakes(const ActionInput& in, dates::Date today);

  // ---- applications and placements (applications.cc) ---------------------------------------
  // Proposes a person of the caller's caseload to an employer (state "nouvelle").
  Result<std::string> propose(const access::Session& s, const std::string& beneficiary_id,
                              const ApplicationInput& in);
  std::vector<Application> applications_of_person(const access::Session& s,
                                                  const std::string& beneficiary_id);
  std::vector<Application> applications_of_employer(const access::Session& s,
                                                    const std::string& id);
  Result<Application> application(const access::Session& s, const std::string& id);
  // A change of state (les emplois' transitions); a refusal needs its reason.
  Status move(const access::Session& s, const std::string& id, const std::string& state,
              const std::string& refusal_reason);
  // The hire of an accepted application.
  Result<std::string> hire(const access::Session& s, const std::string& application_id,
                           const PlacementInput& in);
  std::vector<Error> placement_mistakes(const PlacementInput& in);
  // The person's latest placement, in the caller's scope (outcomes' exit form).
  std::optional<LatestPlacement> latest_placement(const access::Session& s,
                                                  const std::string& beneficiary_id);

  dates::Date today(const access::Session& s);

 private:
  bool employer_visible(store::Tx& tx, const std::string& id);
  void person_event(store::Tx& tx, const access::Session& s, const std::string& beneficiary_id,
                    const std::string& object_id, const std::string& summary);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
};

}  // namespace jalon::employers
