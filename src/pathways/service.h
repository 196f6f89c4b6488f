// The contractualised pathway of a beneficiary: contracts with their renewal alert, objectives
// and the actions under each (catalogue or free text, status, due date, the diagnosis barrier
// addressed, the partner involved), referrals to partners, the record's timeline and the
// counselor's dashboard.
//
// Every row belongs to a beneficiary, and every query reaches it through access::Scope on that
// beneficiary, so an object the caller may not see is "not found". Input is checked before
// anything is written (an Error names the field; nothing changes). Writes are audited in their
// transaction and append a pathway event for the timeline; reads are audited asynchronously.
// Thread-safe (no state besides its references).
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
#include "meetings/service.h"
#include "pathways/rules.h"
#include "store/database.h"

namespace jalon::pathways {

struct ContractInput {
  std::string kind, kind_detail, status, signed_on, starts_on, ends_on;
};

struct Contract {
  std::string id, beneficiary_id, kind, kind_detail, status, signed_on, starts_on, ends_on;
  Millis created_at = 0, updated_at = 0;
  Renewal renewal = Renewal::kNone;  // as of today in the structure's zone
  int days_left = 0;                 // until the end date (negative once passed)
};

// An objective or an action: a catalogue code, or a free label (with an optional theme).
struct ItemInput {
  std::string code, label, theme, status, due_on, barrier, partner;
  std::string parent_id;  // objectives: a contract of the person (optional); actions: objective
};

struct Item {
  std::string id, beneficiary_id, parent_id, code, label, theme, status, due_on, barrier, partner;
  Millis created_at = 0, updated_at = 0;
  bool overdue = false;
  bool free() const { return code.empty(); }
};

enum class ItemKind { kObjective, kAction };

struct ReferralInput {
  std::string partner, service, status, reason, answer, sent_on, follow_up_on;
};

struct Referral {
  std::string id, beneficiary_id, partner, service, status, reason, answer, sent_on, follow_up_on,
      answered_on;
  Millis created_at = 0, updated_at = 0;
  bool follow_up_due = false;
  // A referral to a service of the partners directory (issue 19): the person's consent (date,
  // scope ";identite;contact;"), who answered ("partenaire" on their link) and a decline reason.
  std::string service_id, consent_on, consent_scope, answered_by, decline_reason;
};

// One line of the record's timeline.
struct Event {
  std::string
      kind;  // rendez_vous, compte_rendu, diagnostic, contrat, objectif, action, orientation
  Millis at = 0;
  std::string summary, href;
};

// A line of the dashboard: what it is about, for whom, and the page to open.
struct DashboardLine {
  std::string beneficiary_id, person, what, when, href;
  std::string object_id;  // the appointment of a "sans issue" line (its outcome is set inline)
};

struct Dashboard {
  std::vector<DashboardLine> overdue_actions, contracts_to_renew, draft_reports, referrals_due,
      expiring_proofs;
  // Past appointments whose outcome is not recorded yet (issue 14).
  std::vector<DashboardLine> missing_outcomes;
};

class PathwayService {
 public:
  PathwayService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                 meetings::MeetingService& meetings);

  // Today in the caller's structure zone.
  dates::Date today(const access::Session& s);

  // ---- contracts ------------------------------------------------------------------------
  Result<std::string> add_contract(const access::Session& s, const std::string& beneficiary_id,
                                   const ContractInput& in);
  Status update_contract(const access::Session& s, const std::string& id, const ContractInput& in);
  std::optional<Contract> contract(const access::Session& s, const std::string& id);
  // The caller must have checked the beneficiary is visible. Latest start first.
  std::vector<Contract> contracts(const access::Session& s, const std::string& beneficiary_id);

  // ---- objectives and actions -----------------------------------------------------------
  // Objectives: `beneficiary_id` is the person; actions: the objective's beneficiary is used,
  // in.parent_id names the objective.
  Result<std::string> add_item(const access::Session& s, ItemKind kind,
                               const std::string& beneficiary_id, const ItemInput& in);
  Status update_item(const access::Session& s, ItemKind kind, const std::string& id,
                     const ItemInput& in);
  std::optional<Item> item(const access::Session& s, ItemKind kind, const std::string& id);
  std::vector<Item> items(const access::Session& s, ItemKind kind,
                          const std::string& beneficiary_id);
  // The objectives of a contract, for its printable page.
  std::vector<Item> objectives_of_contract(const access::Session& s, const Contract& c);
  // The barriers of the person's latest diagnosis: situation code and label.
  std::vector<std::pair<std::string, std::string>> barriers(const access::Session& s,
                                                            const std::string& beneficiary_id);

  // ---- referrals --------------------------------------------------------------------------
  Result<std::string> add_referral(const access::Session& s, const std::string& beneficiary_id,
                                   const ReferralInput& in);
  Status update_referral(const access::Session& s, const std::string& id, const ReferralInput& in);
  std::optional<Referral> referral(const access::Session& s, const std::string& id);
  std::vector<Referral> referrals(const access::Session& s, const std::string& beneficiary_id);

  // ---- labels ---------------------------------------------------------------------------
  // The labels of ROME appellation codes (OGR), in order, each with its fiche's code beside it
  // for the professionals who read it: "Ouvrier maraîcher / Ouvrière maraîchère (A1414)". A
  // code the store does not know (ROME not imported) reads "appellation ROME n° 17506".
  std::vector<std::string> job_labels(const std::vector<std::string>& codes);

  // ---- timeline and dashboard -------------------------------------------------------------
  // Every pathway event of a visible person, latest first; `kind` filters (empty: all).
  std::vector<Event> timeline(const access::Session& s, const std::string& beneficiary_id,
                              const std::string& kind);
  // What needs the caller now, within their scope.
  Dashboard dashboard(const access::Session& s);

 private:
  bool visible(store::Tx& tx, const access::Session& s, const std::string& beneficiary_id);
  std::optional<Contract> load_contract(store::Tx& tx, const access::Session& s,
                                        const std::string& id, dates::Date today);
  std::optional<Item> load_item(store::Tx& tx, const access::Session& s, ItemKind kind,
                                const std::string& id, dates::Date today);
  std::optional<Referral> load_referral(store::Tx& tx, const access::Session& s,
                                        const std::string& id, dates::Date today);
  Result<ItemInput> check_item(store::Tx& tx, const access::Session& s, ItemKind kind,
                               const std::string& beneficiary_id, ItemInput in);
  // The person's contract kind, as the caseload shows and filters it.
  void set_contract_kind(store::Tx& tx, const access::Session& s, const std::string& beneficiary_id,
                         const std::string& kind);
  void event(store::Tx& tx, const access::Session& s, const std::string& beneficiary_id,
             const std::string& kind, const std::string& object_id, const std::string& summary);
  void audit_read(const access::Session& s, const std::string& beneficiary_id,
                  const std::string& section);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  meetings::MeetingService& meetings_;
};

// Labels, for pages and events.
std::string contract_title(const Contract& c);
std::string_view kind_word(ItemKind kind);  // "objectif", "action"

}  // namespace jalon::pathways
