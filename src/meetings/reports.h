// Interview reports (comptes rendus d'entretien): one per appointment marked "honoré", written
// from the template of the appointment's kind (meetings/referentials.h). A report is a draft
// until finalised; a finalised report never changes (the service answers a conflict and the
// store refuses it too) and is corrected by dated, authored addenda appended to it.
//
// A save may also update the person's diagnosis (a barrier lifted, eased, worsened or newly
// seen): the new dated diagnosis is recorded through BeneficiaryService in the same transaction
// as the report, so both are saved or neither is. The person may read their report (SR 5).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "meetings/referentials.h"
#include "meetings/service.h"
#include "store/database.h"

namespace jalon::meetings {

// A change to one barrier of the latest diagnosis, or a new barrier.
struct BarrierChange {
  std::string item;  // situation code (beneficiaries::situations())
  int severity = 0;  // 1 léger, 2 important, 3 bloquant; 0 = lifted
};

// A pathway objective or action a report discusses.
struct LinkedItem {
  std::string kind;  // objective, action
  std::string id;
  bool operator==(const LinkedItem&) const = default;
};

struct ReportInput {
  int version = 0;  // the version the form was opened on; 0 skips the check (API)
  std::vector<std::pair<std::string, std::string>> sections;  // section code, text
  std::vector<BarrierChange> barrier_changes;                 // diagnosis update, may be empty
  bool finalise = false;                                      // save, then finalise
  // The objectives and actions the report discusses; nullopt keeps the current ones.
  std::optional<std::vector<LinkedItem>> items;
  bool autosave = false;  // typed text saved while typing (the audit record says so)
};

// A report as an objective or action shows it.
struct ItemReport {
  std::string item_id, report_id, kind, status;
  Millis appointment_at = 0;
};

struct Addendum {
  std::string id, body, author_name;
  Millis created_at = 0;
};

struct Report {
  std::string id, beneficiary_id, appointment_id, kind, status;  // status: draft, final
  int version = 0;
  Millis appointment_at = 0, created_at = 0, updated_at = 0, finalised_at = 0;
  std::string author_name, finalised_by_name;
  std::vector<std::pair<std::string, std::string>> sections;  // in the template's order
  std::vector<Addendum> addenda;
  std::vector<std::string> diagnoses;  // dates (ISO) of diagnoses recorded from this report
  std::vector<LinkedItem> items;       // the objectives and actions it discusses
  bool final() const { return status == kFinal; }
};

class ReportService {
 public:
  ReportService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                MeetingService& meetings, beneficiaries::BeneficiaryService& beneficiaries);

  // Starts the draft report of an attended appointment, or returns the one it already has.
  Result<std::string> start(const access::Session& s, const std::string& appointment_id);
  std::optional<Report> get(const access::Session& s, const std::string& id);
  // The caller must have checked the beneficiary is visible. Without sections nor addenda.
  std::vector<Report> of_beneficiary(const access::Session& s, const std::string& beneficiary_id);
  // Saves a draft (and the diagnosis update, and the finalisation when asked) in one
  // transaction. kConflict when the report is final or was saved by someone else meanwhile.
  Status save(const access::Session& s, const std::string& id, const ReportInput& in);
  // The same for typed text saved while typing: sections only (no diagnosis update, no
  // finalisation); returns the report's new version.
  Result<int> autosave(const access::Session& s, const std::string& id,
                       const std::vector<std::pair<std::string, std::string>>& sections,
                       int version);
  Status finalise(const access::Session& s, const std::string& id);
  // The copy of a finalised report given to the person: its sections without the internal
  // ones, and its addenda. Audited as an export. kConflict for a draft.
  Result<Report> copy_for_person(const access::Session& s, const std::string& id);
  // Ties the report (draft or final: the links are not its content) to these objectives and
  // actions of its person, replacing the previous ones. Audited.
  Status set_items(const access::Session& s, const std::string& id,
                   const std::vector<LinkedItem>& items);
  // The reports tied to the person's objectives and actions (the caller checked the person is
  // visible), by appointment date.
  std::vector<ItemReport> item_reports(const access::Session& s, const std::string& beneficiary_id);
  Result<std::string> add_addendum(const access::Session& s, const std::string& id,
                                   const std::string& body);

 private:
  std::optional<Report> load(store::Tx& tx, const access::Session& s, const std::string& id);
  Status finalise_in(store::Tx& tx, const access::Session& s, const std::string& id);
  // Replaces the report's links by `items`, each an objective or action of its person.
  Status link_items(store::Tx& tx, const access::Session& s, const Report& r,
                    const std::vector<LinkedItem>& items);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  MeetingService& meetings_;
  beneficiaries::BeneficiaryService& beneficiaries_;
};

// A report may be finalised once its "points abordés" (kRequiredSection) are written: the
// invalid error on that section otherwise.
Status check_finalisable(const std::string& topics);

// The diagnosis items that result from applying changes to the latest diagnosis's items:
// barriers lifted (severity 0) are dropped, others get their new severity, unknown ones are
// added; levers and professional statuses are kept. Pure, for the report's save and its tests.
std::vector<beneficiaries::DiagnosisItem> apply_barrier_changes(
    const std::vector<beneficiaries::DiagnosisItem>& latest,
    const std::vector<BarrierChange>& changes);

}  // namespace jalon::meetings
