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

// A job offer (France Travail's API, imported): public data, shared like the directory.
struct Offer {
  std::string id, source, source_id, establishment_id, company_name, title, description, rome_code,
      rome_label, appellation_code, appellation_label, commune_code, commune_name, postcode,
      place_label, contract_type, contract_label, contract_nature, working_time, hours_label,
      experience_label, salary_label, url, created_on, updated_on;
  std::optional<double> latitude, longitude;
  int64_t positions = 1;
  bool open = true;
};
struct OfferFilter {
  std::string rome;     // ROME code, or ""
  std::string commune;  // commune code, or ""
  std::string query;    // words of the title or the company, or ""
  std::string establishment_id;
  bool open_only = true;
  int limit = 100;
};

// A hiring need of an employer, typed by the structure's counselor (the structure's own).
struct NeedInput {
  std::string appellation_code, contract, hours_per_week, commune_code, start_on, positions, notes;
};
struct Need {
  std::string id, establishment_id, employer, appellation_code, rome_code, job_label, contract,
      hours_per_week, commune_code, commune_name, start_on, notes;
  int64_t positions = 1;
  bool open = true;
};

struct ApplicationInput {
  std::string establishment_id, job, message, offer_id;
};
struct Application {
  std::string id, beneficiary_id, person, establishment_id, employer, job, state, refusal_reason,
      message, offer_id, offer_title;
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

  // ---- offers and recorded needs (offers.cc) -----------------------------------------------
  std::vector<Offer> offers(const access::Session& s, const OfferFilter& f);
  Result<Offer> offer(const access::Session& s, const std::string& id);
  // Opens or closes an offer (filled, withdrawn).
  Status set_offer_open(const access::Session& s, const std::string& id, bool open);
  std::vector<Need> needs(const access::Session& s, const std::string& establishment_id);
  Result<std::string> add_need(const access::Session& s, const std::string& establishment_id,
                               const NeedInput& in);
  std::vector<Error> need_mistakes(const NeedInput& in);
  Status close_need(const access::Session& s, const std::string& id);

  // ---- contacts edit (prospecting.cc) --------------------------------------------------------
  Status update_contact(const access::Session& s, const std::string& establishment_id,
                        const Contact& in);
  Status remove_contact(const access::Session& s, const std::string& establishment_id,
                        const std::string& contact_id);

  // ---- territory (territory.cc) -------------------------------------------------------------
  // Employers per commune of the directory (the caller's relation counted), for the map.
  struct CommuneCount {
    std::string commune_code, commune_name;
    double latitude = 0, longitude = 0;
    int64_t employers = 0, partners = 0;
  };
  std::vector<CommuneCount> commune_counts(const access::Session& s,
                                           const std::vector<std::string>& communes);
  // Employers to prospect in `communes` (all when empty) for `romes`: each employer's best
  // job of the list by hires of its sector × size, with the job that gives it.
  struct Prospect {
    Establishment e;
    std::string rome_code, rome_label;
    int64_t hirings = 0;
    double score = 0;
  };
  std::vector<Prospect> prospects(const access::Session& s, const std::vector<std::string>& romes,
                                  const std::vector<std::string>& communes, int limit = 100);
  // The ROME codes of the projects of the caller's caseload, most wanted first.
  std::vector<std::pair<std::string, int64_t>> caseload_jobs(const access::Session& s);

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
