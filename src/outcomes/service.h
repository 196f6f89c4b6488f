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
#include "core/generation_cache.h"
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

// What a placement (employers: an accepted application's hire) gives the exit form.
struct PlacementPrefill {
  std::string employer, job, contract, start_on, end_on;
};
// The O1 situation and contract length of a placement: CDI, CDD (months from its dates),
// intérim, CDD d'insertion = another SIAE, apprenticeship and professionalisation = alternance;
// "" when the contract says nothing (autre).
ExitInput exit_from_placement(const PlacementPrefill& p);

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

// The follow-up questionnaire the person answers through a single-use link (O4): only these
// four questions, nothing else of the record is shown.
struct QuestionnaireAnswer {
  std::string situation, contract_months, job_label, employer;
};
struct QuestionnaireView {
  enum class State { kUnknown, kOpen, kUsed, kExpired, kRevoked } state = State::kUnknown;
};
struct QuestionnaireSent {
  std::string recipient;
  Millis expires_at = 0;
};

// FSE+ (O5–O7, fse.cc): the common indicators of Reg. (EU) 2021/1057 Annex I computed from the
// record through a versioned mapping (src/outcomes/data/fse_indicators.csv, embedded): each row
// names the code, its label, the moment (entree, sortie, 6_mois), the field read and the values
// that count, and optionally a code the participant must also have.
struct FseRule {
  std::string version, code, label, moment, field;
  std::vector<std::string> values;
  std::string requires_code;
};
const std::vector<FseRule>& fse_rules();
// What the mapping reads of one participant. Situations at exit and 6 months: the FSE+
// follow-up's answer, else (at exit) the exit situation.
struct FseFacts {
  std::string civility, work_situation, education_level, exit_situation, m6_situation;
  std::optional<int> age;
  std::vector<std::string> health, barriers;
};
// The codes a participant counts in (EECO01 when exactly one employment status). `statuses`
// receives how many of EECO02/04/05 matched: anything but 1 is a mistake to fix (O5).
std::vector<std::string> fse_codes(const FseFacts& f, const std::vector<FseRule>& rules,
                                   int* statuses = nullptr);

struct FseIndicator {
  std::string code, label, moment;
  bool collected = true;
  int64_t women = 0, men = 0, other = 0;  // other: non-binary or not stated
  int64_t total() const { return women + men + other; }
};
struct FseParticipant {
  std::string beneficiary_id, person, gender, entry_on, exit_on;
  std::vector<std::string> codes;
  int completeness = 0;  // % of the expected items filled
  bool status_ok = true;
};
struct FseReport {
  std::string version;
  std::vector<FseIndicator> indicators;
  std::vector<FseParticipant> participants;  // only when asked (roles who may see people)
  int64_t status_mistakes = 0;
};

// What else the statistics page shows over the period (activity.cc): workshop attendance
// (workshops' W4: present ÷ (enrolled − excused − cancelled), sessions already started in the
// period)
// and the referrals answered within 15 and 30 days (over those sent at least that long ago).
struct Activity {
  int64_t sessions = 0, enrolled = 0, present = 0, excused = 0, cancelled = 0, absent = 0;
  Rate attendance;
  int64_t referrals = 0;
  Rate within15, within30;
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

// exits.profile and the outcome generation (profile_store.cc). Every write to exits or their
// follow-ups calls exits_changed in its transaction (the profiles of these exits recomputed, the
// generation that keys the cached statistics bumped); rows written by SQL alone (the demo, a
// bench) get theirs from refresh_profiles, which the statistics also run when some are missing.
int64_t outcome_generation(store::Tx& tx, const std::string& structure_id);
bool has_stale_profiles(store::Tx& tx, const std::string& structure_id);
int refresh_profiles(store::Tx& tx, const std::string& structure_id);
void exits_changed(store::Tx& tx, const std::string& structure_id,
                   const std::vector<std::string>& exit_ids);

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

  // Cached per (structure, query) for one outcome generation and caseload generation.
  Stats statistics(const access::Session& s, const StatsQuery& q);

  Activity activity(const access::Session& s, const StatsQuery& q);

  // FSE+ participants: exits flagged FSE+ or of the FSE+ scheme in the query's range. The
  // indicators are structure-wide aggregates; the participant list (with_people) is scoped.
  FseReport fse_report(const access::Session& s, const StatsQuery& q, bool with_people);

  // ---- the questionnaire (questionnaire.cc) ------------------------------------------------
  // E-mails the person a link to answer a follow-up still to do (their address on the record);
  // a new link revokes the previous one. `token` receives it (tests).
  Result<QuestionnaireSent> send_questionnaire(const access::Session& s, const std::string& id,
                                               const std::string& base_url,
                                               std::string* token = nullptr);
  // The open link of a follow-up, if any (the counselor's page says it was sent).
  std::optional<QuestionnaireSent> questionnaire_sent(const access::Session& s,
                                                      const std::string& id);
  QuestionnaireView open_questionnaire(const std::string& token);
  // Every mistake at once; then the follow-up is "renseigné" with the answer, the link used.
  std::vector<Error> questionnaire_mistakes(const QuestionnaireAnswer& a) const;
  Status answer_questionnaire(const std::string& token, const QuestionnaireAnswer& a);
  static constexpr Millis kQuestionnaireLifetime = 30LL * 24 * 3600 * 1000;
  ExportRows export_rows(const access::Session& s, const StatsQuery& q);
  // figure: exits, examined, dynamic, durable, transition, positive; key: a row of q.by.
  std::vector<PersonRow> people_behind(const access::Session& s, const StatsQuery& q,
                                       const std::string& figure, const std::string& key);

 private:
  Stats compute_statistics(store::Tx& tx, const access::Session& s, const StatsQuery& q);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  beneficiaries::BeneficiaryService& people_;
  Params params_;
  GenerationCache<Stats> stats_cache_{256};
};

}  // namespace jalon::outcomes
