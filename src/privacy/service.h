// Privacy operations (issue 23; SR 8–13, 16, 18): the retention of beneficiaries' files, the
// subject-access export and erasure, all driven by the data inventory (privacy/inventory.h).
//
// Retention: a file's clock is its last contact coming from the person — the latest of the last
// attended appointment (beneficiaries.last_contact_on), a workshop attendance, an exit follow-up
// answered, an update of the file, the entry date. 30 days before the end (structures'
// retention_months, 1–36, default 24) a notice is recorded and the référent gets a to-do item;
// at the end, unless a coordinator put a legal hold on it, the file is purged: one anonymised
// statistical row (birth year, département, months, counts), then every row the inventory ties
// to the person (in reverse table order), the uploaded files, and a line in the erasure journal
// (no personal data). A new contact moves the clock and withdraws the notice.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "privacy/inventory.h"
#include "store/database.h"

namespace jalon::privacy {

inline constexpr int kNoticeDays = 30;
inline constexpr int kMinRetentionMonths = 1, kMaxRetentionMonths = 36;
inline constexpr int kMinAuditMonths = 6, kMaxAuditMonths = 12;

struct RetentionReport {
  int candidates = 0;  // files of the structure looked at
  int notified = 0;    // notices recorded in this run
  int withdrawn = 0;   // notices withdrawn (a new contact moved the clock)
  int held = 0;        // at or past their end, kept by a legal hold
  int purged = 0;      // purged (or, in a dry run, that would be)
  std::vector<std::string> purged_ids;
};

struct Upcoming {  // a file whose purge is noticed
  std::string beneficiary_id, person, last_contact_on, purge_on, hold_until, hold_reason;
};

struct PurgeCounts {
  int64_t rows = 0, files = 0;
};

class PrivacyService {
 public:
  PrivacyService(store::Database& db, access::AuditLog& audit, const Clock& clock, Random& rng,
                 const Inventory& inventory, std::string uploads_dir);

  // One structure's retention pass at `now` (the daily "privacy.retention" job). A dry run
  // writes nothing and reports what a real run would do; with purge false, the notices are
  // recorded and files at their end only counted (the demo, which leaves purging to the job).
  RetentionReport run_retention(const std::string& structure_id, bool dry_run, bool purge = true);
  // The files of the caller's scope whose purge is within the notice period, soonest first.
  std::vector<Upcoming> upcoming(const access::Session& s);
  // The last contact and the purge date of one file ("" when unknown).
  struct Clock_ {
    std::string last_contact_on, purge_on, hold_until, hold_reason;
  };
  Result<Clock_> file_clock(const access::Session& s, const std::string& beneficiary_id);

  // Legal hold (coordinator): keeps the file until `until` (ISO date) for a written reason.
  Status set_hold(const access::Session& s, const std::string& beneficiary_id,
                  const std::string& reason, const std::string& until);
  Status clear_hold(const access::Session& s, const std::string& beneficiary_id);

  // Structure setting: retention of files (1–36 months) and of audit records (6–12 months).
  Status set_retention(const access::Session& s, int months, int audit_months);

  // Subject-access export (art. 15, 20): every exported column of every row the inventory ties
  // to the person, the documents' descriptions, who read or changed the record (from the audit
  // log), with whom it was shared and the retention rule. Audited as an export.
  Result<nlohmann::json> export_person(const access::Session& s, const std::string& id);
  // The same for the command line (`jalon privacy export`): no session, audited as "system".
  Result<nlohmann::json> export_person_system(const std::string& id);

  // Erasure (art. 17): refused, and the refusal journalled, while a legal obligation keeps the
  // file (an exit in an FSE+-funded scheme within its 5-year audit window: art. 17(3)(b));
  // otherwise the file is purged at once (cause "effacement").
  Result<PurgeCounts> erase(const access::Session& s, const std::string& beneficiary_id,
                            const std::string& reason);

  // Purges one file inside `tx` (the anonymised row, every linked row, the uploads): used by
  // the retention and the erasure. `cause`: "conservation" or "effacement". Callers then run
  // compact_search once for the run.
  PurgeCounts purge_in(store::Tx& tx, const std::string& beneficiary_id, const std::string& cause,
                       const std::string& actor_role);

 private:
  void compact_search(store::Tx& tx);
  nlohmann::json collect(store::Tx& tx, const std::string& id);

  store::Database& db_;
  access::AuditLog& audit_;
  const Clock& clock_;
  Random& rng_;
  const Inventory& inv_;
  std::string uploads_dir_;
};

}  // namespace jalon::privacy
