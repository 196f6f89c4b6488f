// Immersions (PMSMP, périodes de mise en situation en milieu professionnel): a convention between
// the person, the employer (its tutor) and the prescriber (the structure and its counselor). The
// rules of the Code du travail (L5135-1 and D5135-1 s.) as Immersion Facilitée applies them: at
// most one month, the employer's hours within the legal limits (10 h a day and 48 h a week, a
// weekly rest day; for a minor 8 h, 35 h, no night work, two rest days; never before 16), one
// immersion at a time for a person. Status: a_signer → partiellement_signee → signee → bilan (the
// tutor's end-of-immersion assessment), or annulee. Scoped to the caller's caseload.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/random.h"
#include "core/referential.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::employers {

const referential::List& immersion_objectives();
const referential::List& immersion_statuses();
const referential::List& immersion_attendance();

// ---- pure rules (immersion_rules.cc) ------------------------------------------------------
// One day's periods "08:00-12:00 13:30-17:00" in minutes, or nullopt when unreadable.
std::optional<std::vector<std::pair<int, int>>> parse_day(const std::string& text);
// The last day an immersion starting on `start` may end: one month later, the day before.
dates::Date last_allowed_end(dates::Date start);
// Every mistake of a weekly schedule (fields day_1 … day_7, schedule) and its weekly hours.
std::vector<Error> schedule_mistakes(const std::array<std::string, 7>& days, bool minor,
                                     double* weekly_hours);

struct ImmersionInput {
  std::string establishment_id, objective, appellation_code, job_label, tutor_name, tutor_role,
      tutor_phone, tutor_email, starts_on, ends_on, tasks, risks, equipment;
  std::array<std::string, 7> days;  // Monday first
};

struct Immersion {
  std::string id, beneficiary_id, person, birth_date, establishment_id, employer, employer_siret,
      employer_address, counselor, structure, objective, job_label, tutor_name, tutor_role,
      tutor_phone, tutor_email, starts_on, ends_on, tasks, risks, equipment, status,
      signed_person_on, signed_employer_on, signed_prescriber_on, cancel_reason, attendance,
      assessment, contract, assessed_on;
  std::array<std::string, 7> days;
  double weekly_hours = 0;
  std::optional<bool> hiring;
};

struct AssessmentInput {
  std::string attendance, text, hiring, contract;  // hiring: "oui" / "non"
};

class ImmersionService {
 public:
  ImmersionService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit)
      : db_(db), clock_(clock), rng_(rng), audit_(audit) {}

  // Every mistake of the convention at once (the person's other immersions included).
  std::vector<Error> mistakes(const access::Session& s, const std::string& beneficiary_id,
                              const ImmersionInput& in);
  Result<std::string> create(const access::Session& s, const std::string& beneficiary_id,
                             const ImmersionInput& in);
  Result<Immersion> get(const access::Session& s, const std::string& id);
  std::vector<Immersion> of_person(const access::Session& s, const std::string& beneficiary_id);
  std::vector<Immersion> of_employer(const access::Session& s, const std::string& employer_id);
  // The dates each party signed (empty: not yet); all three make it "signée".
  Status sign(const access::Session& s, const std::string& id, const std::string& person_on,
              const std::string& employer_on, const std::string& prescriber_on);
  Status cancel(const access::Session& s, const std::string& id, const std::string& reason);
  std::vector<Error> assessment_mistakes(const AssessmentInput& in);
  Status assess(const access::Session& s, const std::string& id, const AssessmentInput& in);

 private:
  std::vector<Immersion> select(const access::Session& s, const std::string& where,
                                const std::string& value);
  void event(store::Tx& tx, const access::Session& s, const Immersion& x,
             const std::string& summary);
  dates::Date today(const access::Session& s);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
};

}  // namespace jalon::employers
