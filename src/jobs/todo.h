// The counselor's to-do list ("À faire") and notification preferences. Items are derived from
// the records by refresh_todo (run by the hourly "todo.refresh" job of each structure and when
// a user opens the list): one item per référent and thing to do; an item whose thing was
// resolved (outcome recorded, contract renewed, proof replaced, action done, referral
// answered) is marked done; a dismissed item stays dismissed.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "access/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/referential.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::jobs {

// rdv_a_completer, contrat_a_renouveler, justificatif_expire, action_en_retard,
// orientation_sans_reponse, prospection_a_relancer (about an employer: no person),
// suivi_sortie, reponse_partenaire, seance_a_completer (about a workshop session: no person).
const referential::List& todo_kinds();
// immediate, digest, never.
const referential::List& notification_modes();
// An item (alias t) the user may see: about an employer, or about a person still in their
// caseload.
inline constexpr const char* kInCaseload =
    "(t.beneficiary_id IS NULL OR EXISTS (SELECT 1 FROM caseload_members cm WHERE"
    " cm.beneficiary_id = t.beneficiary_id AND cm.user_id = t.user_id))";
inline constexpr std::string_view kDefaultMode = "digest";

struct RefreshCounts {
  int created = 0, resolved = 0;
};
// Brings the structure's items (one user's when user_id is given) up to date with the records.
RefreshCounts refresh_todo(store::Tx& tx, Random& rng, const Clock& clock,
                           const std::string& structure_id, const std::string& user_id = {});

struct TodoItem {
  std::string id, kind, kind_label, beneficiary_id, person, due_on, link;
  Millis created_at = 0;
};
// The user's open items on people still in their caseload, soonest due first.
std::vector<TodoItem> open_items(store::Tx& tx, const access::Session& s, int limit = 200);
int64_t count_open(store::Tx& tx, const access::Session& s);
// Dismisses one of the user's own open items; false when there is none.
bool dismiss(store::Tx& tx, const Clock& clock, const access::Session& s, const std::string& id);

struct Preferences {
  std::map<std::string, std::string> modes;  // kind -> mode, every kind present
  int digest_hour = 8;
};
Preferences preferences(store::Tx& tx, const std::string& user_id);
// Checks every mode and the hour (0–23) before writing anything.
Status save_preferences(store::Tx& tx, const std::string& user_id, const Preferences& p);

}  // namespace jalon::jobs
