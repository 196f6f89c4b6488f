// Collective workshops (issue 16): a template designed once (themes, objectives tied to skills,
// a timed running order, capacity), sessions held many times (date, place or video link,
// facilitator, own capacity), enrolment of people of the caller's caseload with a waiting list,
// and attendance with the W3 rules. Rates (W4) come from rules.h.
//
// Templates and sessions belong to the caller's structure (another structure's answer "not
// found"). A participation names a person: it is listed to the session's facilitator and to
// whoever has the person in scope (access::Scope); others see only counts. Enrolling a person
// outside the caller's scope answers "not found". Writes are audited in their transaction,
// reads asynchronously. Thread-safe (no state besides its references).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "access/single_use_link.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"
#include "workshops/rules.h"

namespace jalon::workshops {

struct Objective {
  std::string label, skill;  // each objective is tied to the skill it assesses (W1)
};

// What a counselor enters to design a workshop. Numbers: -1 when the field was not a number;
// capacity 0 means "not set" (no minimum, no maximum).
struct TemplateInput {
  std::string title;
  std::vector<std::string> themes;  // codes of themes()
  std::string audience, prerequisites, materials, room_setup;
  int duration_min = -1, capacity_min = 0, capacity_max = 0, facilitators = 1;
  int rework_threshold = 66;          // W9: % under which an objective's mean is "à retravailler"
  std::vector<Objective> objectives;  // 1 to 5
  std::vector<Step> steps;            // the running order, durations adding up to duration_min
};

struct Template : TemplateInput {
  std::string id, structure_id;
  Millis created_at = 0;
};

// What a counselor enters to plan a session. capacity: 0 = unlimited, -1 = not a number.
struct SessionInput {
  std::string date, time;  // local to the structure
  int duration_min = -1;
  std::string mode, place;
  int capacity = 0;
  std::string facilitator_id;  // empty: the caller
};

struct Session {
  std::string id, template_id, title;
  Millis starts_at = 0;
  int duration_min = 0;
  std::string mode, place;
  std::optional<int> capacity;  // none: unlimited
  std::string facilitator_id, facilitator_name;
  Counts counts;  // enrolled (waiting list left out) and statuses
  long long waiting = 0;
  Millis cancelled_at = 0;  // 0: not cancelled
  std::string notes;        // the facilitator's notes, for the bilan
  Millis updated_at = 0;
  // Enrolled and not excused or cancelled: what a place counts against the capacity.
  long long taken() const { return counts.enrolled - counts.excused - counts.cancelled; }
  bool full() const { return capacity && taken() >= *capacity; }
  Millis ends_at() const { return starts_at + static_cast<Millis>(duration_min) * 60'000; }
};

struct Participant {
  std::string id;  // the participation
  std::string beneficiary_id, first_name, last_name, email;
  bool waiting = false;
  std::string status;
  Millis enrolled_at = 0;
};

struct Roster {
  std::vector<Participant> people;  // enrolled first (by name), then the waiting list in order
  long long hidden = 0;             // participants outside the caller's view
};

struct EnrolResult {
  std::string beneficiary_id, name, outcome;  // outcome: enrolment_outcomes()
};

// A person's participation in a session, for their record.
struct Attendance {
  std::string session_id, title, status;
  Millis starts_at = 0;
  bool waiting = false;
};

// A convocation to a session: it names its addressee only (W5).
struct Convocation {
  std::string to_name, email, subject, body;  // body: the letter's text, also the e-mail's
};
struct Sent {
  int sent = 0, without_email = 0;
};

// ---- evaluation (evaluation.cc, links.cc) ----------------------------------------------------

// Questionnaire phases: self-assessment before (W7), after, and satisfaction at the end (W6).
inline constexpr std::string_view kPre = "pre", kPost = "post", kSatisfaction = "satisfaction";
// Items are objectives' positions (0–4); satisfaction also has the overall item.
inline constexpr int kOverallItem = 9;
// Moments of a participant's link: "debut" answers pre; "fin" answers satisfaction and post.
inline constexpr std::string_view kStart = "debut", kEnd = "fin";

// One phase of one participant's answers. scores: item -> score (-1: not a whole number).
struct Questionnaire {
  std::string phase;
  std::map<int, int> scores;
  std::string comment;  // satisfaction only
};

struct ObjectiveResult {
  std::string label, skill;
  std::optional<double> satisfaction;  // mean share (W9)
  int satisfaction_answers = 0;
  std::optional<double> post;  // mean share of every post answer (W9)
  SkillDelta delta;            // W7
};
struct SessionEvaluation {
  std::vector<ObjectiveResult> objectives;
  std::optional<double> overall;  // the overall satisfaction item, mean share
  long long present = 0, satisfaction_answers = 0, pre_answers = 0, post_answers = 0;
  std::vector<std::string> comments;  // free text, without names
};
// W9 for a template: each objective's scores at its last evaluated session and the one before.
struct ObjectiveReview {
  std::string label;
  ObjectiveScore now, previous;
  bool rework = false;
};
struct TemplateReview {
  std::vector<ObjectiveReview> objectives;
  std::string last_session_id;  // empty: no session evaluated yet
  bool rework = false;
};

// What a questionnaire link opens to: the session and its items, nobody's name.
struct LinkForm {
  access::LinkState state = access::LinkState::kUnknown;
  std::string session_id, moment, title;
  Millis starts_at = 0;
  std::string zone;
  std::vector<Objective> objectives;
};
struct IssuedLink {
  std::string token;
  Millis expires_at = 0;
};

class WorkshopService {
 public:
  WorkshopService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                  std::string base_url = {});

  std::string zone(const access::Session& s);

  // Every mistake of a template input, each naming its field (forms show them all at once).
  static std::vector<Error> template_mistakes(const TemplateInput& in);
  Result<std::string> create_template(const access::Session& s, const TemplateInput& in);
  std::vector<Template> templates(const access::Session& s);
  std::optional<Template> get_template(const access::Session& s, const std::string& id);

  // Every mistake of a session input (the instant in the structure's zone).
  std::vector<Error> session_mistakes(const access::Session& s, const SessionInput& in);
  Result<std::string> create_session(const access::Session& s, const std::string& template_id,
                                     const SessionInput& in);
  std::optional<Session> get_session(const access::Session& s, const std::string& id);
  std::vector<Session> sessions_of_template(const access::Session& s, const std::string& id);
  // Sessions of the structure starting in [from, to), earliest first; a facilitator id keeps
  // only theirs (the agenda).
  std::vector<Session> sessions_between(const access::Session& s, Millis from, Millis to,
                                        const std::string& facilitator_id = {});
  // Counselors and coordinators of the structure who may facilitate: id, name.
  std::vector<std::pair<std::string, std::string>> facilitators(const access::Session& s);

  // The participants the caller may see (see the header comment); audited.
  Roster roster(const access::Session& s, const Session& session);
  // Enrols each person (in the caller's scope, else "introuvable") in order. A full session
  // puts them on its waiting list when `waiting_list`, else refuses ("complet"). Not found when
  // the session is not the caller's structure's.
  Result<std::vector<EnrolResult>> enrol(const access::Session& s, const std::string& session_id,
                                         const std::vector<std::string>& people, bool waiting_list);
  // Sets the statuses of participations of the session in one transaction: every mistake is
  // returned (nothing is saved then), an empty list means saved. A place freed before the start
  // goes to the first person waiting, told by e-mail through the outbox when they have an
  // address. Not found for another structure's session.
  Result<std::vector<Error>> set_attendance(
      const access::Session& s, const std::string& session_id,
      const std::vector<std::pair<std::string, std::string>>& statuses);
  // The session of a participation of the caller's structure ("" when none).
  std::string session_of_participation(const access::Session& s, const std::string& id);
  // The convocation of one enrolled participant the caller sees (nullopt otherwise).
  std::optional<Convocation> convocation(const access::Session& s, const Session& session,
                                         const std::string& participation_id);
  // Queues one e-mail per enrolled participant the caller sees who has an address, each naming
  // only its addressee. Not found for another structure's session; a past session is refused.
  Result<Sent> send_convocations(const access::Session& s, const std::string& session_id);
  // Summed counts of the template's sessions that have started (W4 per template).
  Counts template_counts(const access::Session& s, const std::string& template_id);
  // The caller must have checked the person is visible.
  std::vector<Attendance> of_beneficiary(const access::Session& s, const std::string& person_id);

  // ---- session life (session_life.cc) ----
  // Changes date, place, capacity or facilitator (same rules as planning); a cancelled or past
  // session is refused. Enrolled people with an address are told of a new date or place.
  Result<std::string> update_session(const access::Session& s, const std::string& session_id,
                                     const SessionInput& in);
  // Cancels a session that has not started; every enrolled or waiting person with an address
  // gets an e-mail naming only them. Returns how many were told.
  Result<int> cancel_session(const access::Session& s, const std::string& session_id);
  Status save_notes(const access::Session& s, const std::string& session_id,
                    const std::string& notes);

  // ---- evaluation (evaluation.cc) ----
  // Every mistake of the typed-in answers for the template's items (fields pre_0, sat_9…).
  static std::vector<Error> questionnaire_mistakes(const Template& t,
                                                   const std::vector<Questionnaire>& in);
  // Records answers typed in from paper for a participation the caller sees (replacing the
  // phase's earlier answers). Not found otherwise; the list of mistakes when any.
  Result<std::vector<Error>> record_answers(const access::Session& s,
                                            const std::string& participation_id,
                                            const std::vector<Questionnaire>& in);
  // The phases each participation of the session has answered.
  std::map<std::string, std::set<std::string>> answered(const std::string& session_id);
  // One participation's answers (phase -> questionnaire), for the typing form.
  std::map<std::string, Questionnaire> answers_of(const std::string& participation_id);
  SessionEvaluation evaluation(const access::Session& s, const Session& session);
  TemplateReview review(const access::Session& s, const Template& t);

  // ---- questionnaire links (links.cc) ----
  // A new single-use link for a participation the caller sees (the previous open one of the
  // same moment is revoked). "debut" until the session's end; "fin" from its start to 7 days
  // after its end.
  Result<IssuedLink> issue_link(const access::Session& s, const std::string& participation_id,
                                std::string_view moment);
  // One e-mail per participant with an address (present ones for "fin"), naming nobody.
  Result<Sent> send_links(const access::Session& s, const std::string& session_id,
                          std::string_view moment);
  LinkForm open_link(const std::string& token);
  // Answers through a link: refused (kConflict) unless the link is open and for `session_id`;
  // the mistakes when any (the link stays open then); used once answered.
  Result<std::vector<Error>> answer_link(const std::string& token, const std::string& session_id,
                                         const std::vector<Questionnaire>& in);

 private:
  std::vector<Session> select_sessions(store::Tx& tx, const access::Session& s,
                                       const std::string& where, store::Params params);
  std::string zone(store::Tx& tx, const std::string& structure_id);
  void promote_waiting(store::Tx& tx, const access::Session& s, const Session& session);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  std::string base_url_;
};

// Writes one phase's answers of a participation, replacing earlier ones (evaluation.cc; the
// caller checked them). `by`: the user who typed them in, empty for a link.
void write_answers(store::Tx& tx, const std::string& participation_id,
                   const std::string& session_id, const Questionnaire& q, std::string_view source,
                   Millis now, const std::string& by);

}  // namespace jalon::workshops
