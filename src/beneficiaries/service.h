// The beneficiary record service: creation (with the information notice, SR 17, and duplicate
// detection), the caseload list (search, filters, sort, pagination), the record's synthesis,
// dated situation records, diagnoses and their comparison, professional projects, IAE
// eligibility and the separate health module. Every query is scoped with access::Scope; every
// read and write is audited.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/audit.h"
#include "access/keys.h"
#include "access/service.h"
#include "beneficiaries/lifecycle.h"
#include "core/clock.h"
#include "core/generation_cache.h"
#include "core/random.h"
#include "core/referential.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::beneficiaries {

struct NewBeneficiary {
  std::string civility, first_name, last_name, birth_date, email, phone, commune_code, commune_name,
      prescriber_kind, prescriber_name, entry_date, scheme, referent_id, notice_version;
  bool confirm_duplicate = false;  // the counselor saw the warning and creates anyway
};

struct Summary {  // one caseload row
  std::string id, first_name, last_name, civility, birth_date, commune_name, status, scheme,
      contract_kind, referent_name, entry_date, next_followup_on, barrier_themes, last_contact_on;
  int birth_year = 0;
  bool overdue = false;
};

struct CaseloadQuery {
  std::string text;              // names, birth year or commune (a GET parameter: issue 14)
  std::string status;            // statuses() code, "tous" (exited included), "" (exited left out)
  std::string contract;          // contract_kinds() code
  std::string referent_id;       // a counselor of the structure
  std::string theme;             // a barrier theme of the latest diagnosis
  bool overdue = false;          // next follow-up date passed ("Suivi en retard")
  bool no_referent = false;      // nobody is their référent
  bool contract_ending = false;  // an active contract ends this month
  int no_contact_days = 0;       // > 0: no contact for at least that many days
  std::string eligibility;       // "expiree" (expired) or "a_renouveler" (expired or expiring)
  bool missing_outcome = false;  // a past appointment whose outcome is not recorded
  std::string sort = "name";     // caseload_sorts() code
  int page = 1;
  int page_size = 25;
};

// The caseload's sorts (code, label): each has an index (migrations 0022, 0026).
const referential::List& caseload_sorts();
struct CaseloadPage {
  std::vector<Summary> rows;
  int64_t total = 0;
  int page = 1, pages = 1;
  // The structure's counselors and coordinators (id, name), for the referent filter: read in
  // the same transaction and cached with the page.
  std::vector<std::pair<std::string, std::string>> counselors;
};

struct Beneficiary {
  Summary summary;
  std::string structure_id, email, phone, commune_code, prescriber_kind, prescriber_name,
      notice_version, notice_given_on;
  // Issue 14: address, identifiers, contact consent, pause and exit details, last contact.
  std::string address_line, postal_code, ft_id, caf_id, pause_reason, pause_until, exit_on,
      exit_reason, last_contact_on;
  bool consent_email = false, consent_sms = false;
  int version = 1;
  std::vector<std::pair<std::string, std::string>> referents;  // user id, name (first = référent)
  bool caller_is_referent = false;
  bool has_referent = false;  // referents.front() is the référent (else all are co-référents)
};

struct Right {
  std::string code, since;
};

struct SituationRecord {
  std::string id, recorded_on, recorded_by_name, education_level, work_situation, contract_kind,
      languages;
  std::vector<Right> rights;
  std::vector<std::string> licences;
  bool vehicle = false;
  Millis recorded_at = 0;
};

struct DiagnosisItem {
  std::string theme, item, kind;  // kind: barrier, lever, pro_status
  int severity = 0;
  std::string status, note;
};

struct Diagnosis {
  std::string id, made_on, summary, created_by_name;
  std::vector<DiagnosisItem> items;
};

struct Project {
  std::vector<std::string> appellations;  // ROME appellation codes (OGR)
  int mobility_km = 0;
  std::vector<std::string> transport, contracts;
  std::string working_time, available_on;
  Millis recorded_at = 0;
};

struct Eligibility {
  std::string id, siae_kind, author_kind, made_on, valid_until, explanation;
  bool eligible = false;
  std::vector<std::pair<std::string, std::string>> criteria;  // code, proof status
  int days_left = 0;
};

struct HealthItem {
  std::string id, kind, detail, since;
};

// The health items of one diagnosis (is_health_item), kept sealed in the health module.
struct HealthDiagnosis {
  std::string diagnosis_id, made_on;
  std::vector<DiagnosisItem> items;
};

// The record's synthesis page: the newest record of each section (at most one in each list).
struct Synthesis {
  std::vector<SituationRecord> situations;
  std::vector<Diagnosis> diagnoses;
  std::vector<Project> projects;
  std::vector<Eligibility> eligibilities;
  bool health_allowed = false;
};

class BeneficiaryService {
 public:
  BeneficiaryService(store::Database& db, const Clock& clock, Random& rng, const access::Keys& keys,
                     access::AuditLog& audit);

  // A record that already exists with the same name and birth date. The counselor creating a
  // record may not follow that person: they learn only that a record exists and whom to ask
  // (its référent), never its content (issue 12, item 7).
  struct ExistingRecord {
    std::string ask;  // the référent's name, or "la coordination" when it has none
  };
  struct Created {
    std::string id;
    std::vector<ExistingRecord> duplicates;  // non-empty: nothing was created, confirm first
  };
  Result<Created> create(const access::Session& s, const NewBeneficiary& in);
  CaseloadPage caseload(const access::Session& s, const CaseloadQuery& q);
  // The caseload's length for `q` without reading its rows (cached like caseload's total): the
  // counts shown before a filter is applied and on the dashboard's cards. Not audited: a count
  // names nobody.
  int64_t caseload_count(const access::Session& s, const CaseloadQuery& q);
  // How many caseload pages were served from the cache (tests check a repeated view is).
  std::size_t caseload_cache_hits() const;
  // The record if the caller may see it (audited as one read of the named sections, e.g.
  // "identity,social"). The section readers below take the Beneficiary this returns, so no
  // section is read without that audited, scoped lookup.
  std::optional<Beneficiary> get(const access::Session& s, const std::string& id,
                                 std::string_view sections = "identity");
  std::vector<std::pair<std::string, std::string>> counselors(const access::Session& s);

  Result<std::string> record_situation(const access::Session& s, const std::string& id,
                                       const SituationRecord& in);
  // The section readers return the records newest first; `latest` > 0 keeps only that many
  // (the synthesis shows the current ones).
  std::vector<SituationRecord> situations(const Beneficiary& b, int latest = 0);

  Result<std::string> record_diagnosis(const access::Session& s, const std::string& id,
                                       const std::string& made_on, const std::string& summary,
                                       const std::vector<DiagnosisItem>& items);
  std::vector<Diagnosis> diagnoses(const Beneficiary& b, int latest = 0);
  // The same inside the caller's write transaction, for a flow that records a diagnosis with
  // other changes in one save (an interview report). Nothing is written when it fails; the
  // caller commits or rolls back.
  Result<std::string> record_diagnosis(store::Tx& tx, const access::Session& s,
                                       const std::string& id, const std::string& made_on,
                                       const std::string& summary,
                                       const std::vector<DiagnosisItem>& items);

  Result<std::string> record_project(const access::Session& s, const std::string& id,
                                     const Project& in);
  std::vector<Project> projects(const Beneficiary& b, int latest = 0);

  Result<std::string> record_eligibility(
      const access::Session& s, const std::string& id, const std::string& siae_kind,
      const std::string& author_kind, const std::string& made_on,
      const std::vector<std::pair<std::string, std::string>>& criteria);
  std::vector<Eligibility> eligibilities(const Beneficiary& b, int latest = 0);

  // The same readers for the synthesis, in one transaction (one round trip each on PostgreSQL
  // instead of one transaction per section).
  Synthesis synthesis(const access::Session& s, const Beneficiary& b);

  // Health module: not found unless the structure enabled it and the caller is the referent.
  bool health_allowed(const access::Session& s, const Beneficiary& b);
  Result<std::string> add_health_item(const access::Session& s, const std::string& id,
                                      const HealthItem& in);
  // Reads and audits the health items (category "health"); empty unless health_allowed.
  std::vector<HealthItem> health_items(const access::Session& s, const Beneficiary& b);
  // The health items recorded with diagnoses, newest diagnosis first (audited, category
  // "health"); empty unless health_allowed. Diagnoses() never holds them.
  std::vector<HealthDiagnosis> health_diagnoses(const access::Session& s, const Beneficiary& b);
  // Moves health items a diagnosis stored in plain text before issue 12 into the sealed health
  // storage, and takes their themes off the caseload filter. Idempotent; returns how many
  // diagnoses it moved. Run at start-up, after the migrations.
  int seal_plain_health_items();

  // The record's life (lifecycle.cc, types in lifecycle.h). Each write records one
  // beneficiary_changes row per changed field, is audited and bumps the caseload generation.
  // Answers how many fields changed (0: nothing to save).
  Result<int> edit(const access::Session& s, const std::string& id, const RecordEdit& in);
  // The référent or a coordinator hands the person over to another counselor of the structure.
  Status transfer(const access::Session& s, const std::string& id, const Transfer& in);
  Status add_coreferent(const access::Session& s, const std::string& id,
                        const std::string& user_id);
  Status remove_coreferent(const access::Session& s, const std::string& id,
                           const std::string& user_id);
  Status set_status(const access::Session& s, const std::string& id, const StatusChange& in);
  // The same in the caller's transaction (the exit of outcomes/ writes its rows beside it); not
  // committed. A return ("en_cours") with a date `on` after an exit starts a new period.
  Status set_status(store::Tx& tx, const access::Session& s, const std::string& id,
                    const StatusChange& in);
  // A coordinator moves every person in their scope whose référent is `from` to `to`, in one
  // transaction (a departing counselor's whole caseload).
  Result<Reassignment> reassign_caseload(const access::Session& s, const std::string& from,
                                         const std::string& to, const std::string& note);
  // The record's changes, newest first (audited read of "identity,history"); previous values
  // only for the référent and coordinators.
  std::vector<Change> history(const access::Session& s, const Beneficiary& b);
  // The structure's counselors (enabled or not) with their number of people as référent in the
  // caller's scope: the reassignment page's list.
  std::vector<std::pair<std::pair<std::string, std::string>, int64_t>> referent_loads(
      const access::Session& s);

 private:
  // Who may hand over or change the référents: the référent and coordinators.
  bool manages(store::Tx& tx, const access::Session& s, const std::string& id);
  // One row of the history (changed_on today unless `on`).
  void log_change(store::Tx& tx, const access::Session& s, const std::string& id,
                  std::string_view field, const std::string& old_value,
                  const std::string& new_value, const std::string& note = "",
                  const std::string& on = "");
  // An enabled counselor or coordinator of the caller's structure: their name, else nullopt.
  std::optional<std::string> colleague(store::Tx& tx, const access::Session& s,
                                       const std::string& user_id);
  bool visible(store::Tx& tx, const access::Session& s, const std::string& id);
  Status set_status(store::Tx& tx, const access::Session& s, const std::string& id,
                    const StatusChange& in, const std::string& date, const std::string& reason);
  std::vector<std::pair<std::string, std::string>> counselors(store::Tx& tx,
                                                              const std::string& structure_id);
  std::vector<SituationRecord> situations(store::Tx& tx, const Beneficiary& b, int latest);
  std::vector<Diagnosis> diagnoses(store::Tx& tx, const Beneficiary& b, int latest);
  std::vector<Project> projects(store::Tx& tx, const Beneficiary& b, int latest);
  std::vector<Eligibility> eligibilities(store::Tx& tx, const Beneficiary& b, int latest);
  bool health_allowed(store::Tx& tx, const access::Session& s, const Beneficiary& b);
  // The same for a record known by id: the caller is its referent and the module is on.
  bool health_allowed(store::Tx& tx, const access::Session& s, const std::string& id);
  // Seals the health items of diagnosis `did` into the health module (audited).
  void seal_health_items(store::Tx& tx, const access::Session& s, const std::string& id,
                         const std::string& did, const std::vector<DiagnosisItem>& items);
  void audit_read(const access::Session& s, const std::string& id, std::string_view category);
  void touch(store::Tx& tx, const std::string& id);
  void bump_generation(store::Tx& tx, const std::string& structure_id);
  // The records of the structure with this name key and birth date (audited matches).
  std::vector<ExistingRecord> duplicates(store::Tx& tx, const access::Session& s,
                                         const std::string& key, const std::string& birth_date);

  // Caseload totals per scope and filters, for the structure's caseload generation.
  GenerationCache<int64_t> counts_{50000};
  // Repeated views of a caseload page (the counselor's daily screen, back and forth through
  // pages) skip the list query until a write in the structure.
  static constexpr size_t kCachedPages = 2000;  // 25 rows of ~0.5 KB each: ~25 MB at most
  GenerationCache<CaseloadPage> pages_{kCachedPages};

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  const access::Keys& keys_;
  access::AuditLog& audit_;
};

// Names folded for search and duplicate detection: "DUPONT-Martin Éloïse" -> "dupont martin
// eloise".
std::string name_key(const std::string& last, const std::string& first);

}  // namespace jalon::beneficiaries
