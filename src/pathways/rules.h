// Pure rules of the pathway, unit-tested: when a contract needs renewing, when an action or an
// objective is overdue, when a referral needs a follow-up, and which dates a contract may have.
#pragma once
#include <string_view>

#include "core/dates.h"
#include "core/result.h"

namespace jalon::pathways {

// A contract in progress is flagged this many days before its end date, and once it passed.
inline constexpr int kRenewalWindowDays = 30;

enum class Renewal { kNone, kSoon, kPassed };

// The renewal alert of a contract: only a contract in progress ("en_cours") is flagged.
Renewal renewal(std::string_view status, dates::Date ends_on, dates::Date today);

// An objective or action whose due date has passed while it is still open (prévu, en cours,
// en attente).
bool overdue(std::string_view status, std::string_view due_on_iso, dates::Date today);
// Open: neither done, abandoned nor cancelled.
bool open_status(std::string_view status);

// A pending referral whose follow-up date has come.
bool follow_up_due(std::string_view status, std::string_view follow_up_iso, dates::Date today);

// The dates of a contract: start before end, at most 5 years long; signature, when given, not
// after the end nor in the future; a contract in progress or ended is signed. Fields named.
Status check_contract_dates(std::string_view status, std::string_view signed_on,
                            dates::Date starts_on, dates::Date ends_on, dates::Date today);

}  // namespace jalon::pathways
