// The derived next follow-up of a person (issue 14): the next planned appointment, else the last
// contact plus the structure's follow-up interval (the entry date when nobody met them yet). The
// last contact is the last honoured appointment, or one with an interview report. Every meetings
// write that changes them (scheduling, moving, an outcome, a report) calls refresh_followup in its
// transaction, so "Suivi en retard" and "Sans contact depuis N jours" read stored columns the
// caseload's indexes serve.
#pragma once
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace jalon::beneficiaries {

struct Followup {
  std::string last_contact_on;   // ISO date, "" when never met
  std::string next_followup_on;  // ISO date
};

// Recomputes and stores beneficiaries.last_contact_on and next_followup_on of the person at
// `now`; bumps the structure's caseload generation when they change (the cached caseload pages
// show them). Answers the stored values ({} when the person does not exist).
Followup refresh_followup(store::Tx& tx, const std::string& beneficiary_id, Millis now);

// Derives the follow-up of every person who has none yet (the records written before issue 14;
// migration 0026 dropped the demo's values). Run at start-up; answers how many it derived.
int refresh_missing_followups(store::Database& db, Millis now);

}  // namespace jalon::beneficiaries
