// The meetings desk of the demo (issue 14): a few deliberate double bookings (a call booked
// during another interview, confirmed by the counselor, flagged in the agenda) and finalised
// interview reports tied to the objectives and actions they discuss.
#pragma once
#include <string>

#include "core/clock.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "store/database.h"

namespace jalon::demo {

// After the people's histories are written, in the demo's transaction. Returns the writes made.
int add_meetings_desk(store::Database& db, meetings::MeetingService& meetings,
                      meetings::ReportService& reports, const std::string& structure_id,
                      Millis now);

}  // namespace jalon::demo
