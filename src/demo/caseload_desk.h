// The demo's caseload desk (issue 14): what a counselor's dashboard cards and caseload filters
// show on a working day.
#pragma once
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace jalon::demo {

// Leaves the outcome of a few recent appointments of each counselor unrecorded (the "rendez-vous
// passés sans issue" card), then derives every person's follow-up at `now` (the history wrote
// them at each write's own date): people overdue, without contact for 60 days and more, with a
// contract ending this month follow from the history.
void write_caseload_desk(store::Database& db, Millis now, const std::string& structure_id);

}  // namespace jalon::demo
