// One demo person's accompaniment, written through the domain services so that their rules
// and the audit trail hold: the record (identity, situation, diagnosis, project, eligibility),
// the appointments from the welcome interview to next week with their outcomes and interview
// reports, the CDDI contracts renewed every six months beside the person's other contract, the
// objectives and actions answering the diagnosis, the referrals to partners, and documents.
//
// Every step is planned first (all random draws come from the demo's seeded generator, so a
// seed gives the same people and histories), then run in time order with a fake clock set to
// the step's instant: a report is written after its appointment, a contract closed on its end
// date, and each service checks its rules against that instant. Steps later than now are not
// run (they have not happened yet). Not thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/result.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "pathways/documents.h"
#include "pathways/service.h"

namespace jalon::demo {

// A service refused a demo write: a bug of the generator (or of a rule), named for the operator.
struct DemoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {
// The value of a service call, or DemoError naming the step and the service's message.
template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r.ok()) {
    const auto& e = r.error();
    throw DemoError(what + " : " + e.message + (e.field.empty() ? "" : " [" + e.field + "]"));
  }
  return std::move(*r);
}
inline std::string iso(int day) {
  return dates::iso(dates::Date{day});
}
}  // namespace detail

struct Services {
  beneficiaries::BeneficiaryService& people;
  meetings::MeetingService& meetings;
  meetings::ReportService& reports;
  pathways::PathwayService& pathways;
  pathways::DocumentService& documents;
  FakeClock& clock;  // what the services read as "now"; moved to each step's instant
};

struct PersonSpec {
  std::string civility, first_name, last_name, birth_date, email, phone, commune_code, commune_name,
      prescriber;
  int entry = 0;       // day number of the entry into the accompaniment
  int exit = 0;        // day number of the exit, for "sorti"
  std::string status;  // en_cours, suspendu, sorti
  const access::Session* referent = nullptr;
  bool appointment_today = false;  // the next appointment is today
  bool nothing_planned = false;    // no future appointment (their référent has left)
  // Has one of each thing the dashboard warns about, so that every counselor's cards show data:
  // a CDDI ending within the month (`entry` is chosen for it), an overdue action, a referral to
  // follow up, a draft report, an appointment whose outcome is missing, an expiring proof.
  bool showcase = false;
  // The whole history; otherwise (people past the first few hundred, in large bench stores)
  // the record, the CDDI and the welcome interview only, so that 50 000 people stay quick.
  bool full_history = true;
};

struct PersonResult {
  std::string id;
  std::string next_followup_on;  // the next appointment's date, or empty
  int64_t writes = 0;            // service writes
};

class HistoryWriter {
 public:
  HistoryWriter(Services svc, std::mt19937& gen, Millis now, std::string zone);
  // Throws DemoError when a service refuses a step.
  PersonResult write(const PersonSpec& p);

 private:
  struct Plan;
  Millis at(int day, const char* hhmm) const;
  // A free hour of the counselor on `day`, or on the nearest working day in `direction`.
  std::pair<int, const char*> slot(const std::string& counselor, int day, int direction);
  void plan_record(Plan& p);
  void plan_situations(Plan& p);
  void plan_eligibility(Plan& p);
  void plan_diagnosis(Plan& p);
  void plan_project(Plan& p);
  void plan_contracts(Plan& p);
  void plan_pathway(Plan& p);
  struct Goal;
  struct MadeObjective;
  void plan_goal(Plan& p, const Goal& g);
  bool plan_action(Plan& p, const Goal& g, size_t k,
                   const std::shared_ptr<MadeObjective>& objective, int& last_done);
  void plan_referrals(Plan& p);
  void plan_appointments(Plan& p);
  enum class Outcome { kDrawn, kDraftReport, kMissing };
  void plan_appointment(Plan& p, int day, const char* kind, bool future,
                        Outcome outcome = Outcome::kDrawn);
  meetings::AppointmentInput appointment_input(const Plan& p, int day, const char* hour,
                                               const std::string& kind);
  std::vector<std::pair<std::string, std::string>> report_sections(const Plan& p,
                                                                   const std::string& kind);
  void plan_report(Plan& p, const std::shared_ptr<std::string>& id, const std::string& kind,
                   Millis written, bool finalise);
  void plan_documents(Plan& p);

  Services svc_;
  std::mt19937& gen_;
  Millis now_;
  int today_;
  std::string zone_;
  std::map<std::string, std::map<int, unsigned>> busy_;  // counselor -> day -> taken hours
};

}  // namespace jalon::demo
