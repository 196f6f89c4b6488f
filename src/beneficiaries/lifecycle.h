// The record's life after creation (issue 14): editing who the person is and how to reach them,
// handing the person over to another référent, co-référents, reassigning a departing
// counselor's whole caseload, and the status (en cours, en pause, sorti, and back). Each change
// is one row of beneficiary_changes per field (date, author, previous and new value, note),
// audited, and bumps the structure's caseload generation so counts and pages follow at once.
// The methods are BeneficiaryService's (lifecycle.cc); these are their inputs and outputs.
#pragma once
#include <string>

#include "core/dates.h"
#include "core/result.h"

#include "core/clock.h"
#include "core/referential.h"

namespace jalon::beneficiaries {

// What a counselor may correct on a record; every member is written (a PATCH reads the current
// record first). `version` > 0 must match the record's (someone saved in between: conflict).
struct RecordEdit {
  std::string civility, first_name, last_name, birth_date, email, phone, address_line, postal_code,
      commune_code, commune_name, ft_id, caf_id;
  bool consent_email = false, consent_sms = false;
  int version = 0;
};

struct Beneficiary;
// The record as an edit of all its members (its version included).
RecordEdit edit_of(const Beneficiary& b);

// Every mistake of an edit at once, one per field, in the form's order (the page lists them
// all; BeneficiaryService::edit answers the first).
std::vector<Error> edit_mistakes(const RecordEdit& in, dates::Date today);

// A handover to another référent on `on` (ISO date, not in the future; empty: today).
struct Transfer {
  std::string referent_id, note, on;
  bool keep_previous = false;  // the previous référent stays as co-référent
};

// A status change: en_cours (back), suspendu (reason from pause_reasons(), expected return
// `until`), sorti (exit date `on`, reason from exit_reasons()).
struct StatusChange {
  std::string status, reason, until, on, note;
};

// One line of the record's history. `old_value` is empty unless the reader may see previous
// values (the référent and the coordinator).
struct Change {
  std::string field, label, old_value, new_value, note, changed_on, changed_by;
  Millis changed_at = 0;
};

// What a coordinator's one-action reassignment did.
struct Reassignment {
  int moved = 0;
};

const referential::List& pause_reasons();
// Flags of exit_reasons(): a reason of the "retrait des sorties constatées" kind (never an
// examined exit, O3), and a reason of the former status form (not offered any more).
inline constexpr std::uint32_t kWithdrawnReason = 1;
inline constexpr std::uint32_t kLegacyReason = 2;
const referential::List& exit_reasons();
// The history's field codes and their French labels ("phone" -> "Téléphone").
const referential::List& change_fields();

}  // namespace jalon::beneficiaries
