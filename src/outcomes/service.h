// Outcomes (issue 18): the exit of a person (O1–O3) with what it closes, re-entry, the
// follow-ups planned at exit + 6 and + 24 months (and the ESF+ moments) as jobs that put a
// to-do on the référent's list, and the rates (statistics.cc) with numerator, denominator and
// small-cell protection. Every personal read and write is scoped (access::Scope) and audited.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "outcomes/rules.h"
#include "store/database.h"

namespace jalon::outcomes {

inline constexpr std::string_view kFollowupJob = "outcomes.followup_due";

// What the counselor types on the exit form. Numbers as typed (checked by the service).
struct ExitInput {
  std::string on, reason, situation, contract_months, hours_worked, employer, job_code, job_label,
      note;
  bool fse = false;  // the person took part in an FSE+ operation (ESF+ follow-ups)
};

// What an exit will do, shown on the confirmation page before it is recorded.
struct ExitPreview {
  std::string category, category_label;
  bool examined = false;
  std::vector<std::string> closes;   // sentences: "Le contrat … sera clos le …"
  std::vector<std::string> planned;  // the follow-ups: "Suivi à 6 mois : 15/05/2027"
};

struct Exit {
  std::string id, beneficiary_id, person, entry_on, exit_on, reason, situation, employer, job_code,
      job_label, category, reentered_on;
  std::optional<int> contract_months, hours_worked;
  bool examined = false, fse = false;
};

struct Followup {
  std::string id, exit_id, beneficiary_id, person, moment, due_on, status, situation, employer,
      job_label, answered_on;
  std::optional<int> contract_months;
  bool in_target_job = false, opened = false, overdue = false;  // overdue: due > 30 days ago
};

struct FollowupAnswer {
  std::string status;  // renseigne or injoignable
  std::string situation, contract_months, employer, job_label, answered_on;
  bool in_target_job = false;
};

// Filters and breakdown of the rates. Dates ISO (exit date between from and to, inclusive).
struct StatsQuery {
  std::string from, to, scheme, referent_id, team_id;
  std::string by;  // "", annee, dispositif, referent, equipe, commune
};
const referential::List& breakdowns();

struct StatsRow {
  std::string key, label;
  int64_t exits = 0, examined = 0, durable = 0, transition = 0, positive = 0, other = 0,
          unknown = 0;
  Rate dynamic;             // (durable + transition + positive) / examined (O3)
  Rate access6, durable6;   // DARES-style at 6 months, over respondents (O10)
  RncpRates rncp6, rncp24;  // O8
  int64_t unreachable6 = 0, unreachable24 = 0, to_do6 = 0, to_do24 = 0;
  int64_t days_total = 0;  // sum of the periods' lengths (average = days_total / exits)
};
struct Stats {
  StatsRow total;
  std::vector<StatsRow> rows;
  int64_t entries = 0;  // periods starting in the range
  int small_cell = 20;
};

// The rows of the per-person export, in the caller's scope.
struct ExportRows {
  std::vector<Exit> exits;
  std::vector<Followup> followups;
};

// A person behind a figure (coordinators, within their scope).
struct PersonRow {
  std::string beneficiary_id, name, exit_on, category, situation;
};

// The job of a follow-up: it is due, so it opens and the référent's to-do list gets it (the
// structure's to-do items are refreshed in the same transaction). False when there is nothing
// to open any more (answered, unreachable, void, unknown). outcomes/jobs.cc.
bool open_followup(store::Tx& tx, Random& rng, const Clock& clock, const std::string& id);

class OutcomeService {
 public:
  OutcomeService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                 beneficiaries::BeneficiaryService& people, Params params = {})
      : db_(db), clock_(clock), rng_(rng), audit_(audit), people_(people), params_(params) {}

  const Params& params() const { return params_; }

  // Every mistake of the form at once, in its order (the page lists them all).
  std::vector<Error> exit_mistakes(const ExitInput& in) const;
  // What recording the exit would close and plan (nothing is written).
  Result<ExitPreview> preview_exit(const access::Session& s, const std::string& person_id,
                                   const ExitInput& in);
  // Records the exit in one transaction: the status "sorti", the exit row with its derived
  // category, the contracts in progress ended, the open actions cancelled, the co-référents
  // removed (the référent stays, for the follow-ups), the follow-ups and their jobs.
  Result<std::string> record_exit(const access::Session& s, const std::string& person_id,
                                  const ExitInput& in);
  // A new period from `on`: the person is back in the caseload; the earlier exit stays and its
  // follow-ups not yet done become "sans objet".
  Status reenter(const access::Session& s, const std::string& person_id, const std::string& on,
                 const std::string& note);

  std::vector<Exit> exits_of(const access::Session& s, const std::string& person_id);
  std::vector<Followup> followups_of(const access::Session& s, const std::string& person_id);
  std::optional<Followup> followup(const access::Session& s, const std::string& id);
  Status record_followup(const access::Session& s, const std::string& id, const FollowupAnswer& in);

  Stats statistics(const access::Session& s, const StatsQuery& q);
  ExportRows export_rows(const access::Session& s, const StatsQuery& q);
  // figure: exits, examined, dynamic, durable, transition, positive; key: a row of q.by.
  std::vector<PersonRow> people_behind(const access::Session& s, const StatsQuery& q,
                                       const std::string& figure, const std::string& key);

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  beneficiaries::BeneficiaryService& people_;
  Params params_;
};

}  // namespace jalon::outcomes
