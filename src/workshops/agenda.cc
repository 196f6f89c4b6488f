// The workshops' hook into the meetings agenda: the sessions a counselor facilitates.
#include "workshops/web.h"

namespace jalon::workshops {

std::vector<meetings::AgendaEvent> agenda_events(WorkshopService& workshops,
                                                 const access::Session& s,
                                                 const std::string& counselor_id, Millis from,
                                                 Millis to) {
  std::vector<meetings::AgendaEvent> out;
  for (const auto& x : workshops.sessions_between(s, from, to, counselor_id)) {
    out.push_back({x.starts_at, x.ends_at(), x.cancelled_at ? x.title + " (annulée)" : x.title,
                   "/seances-atelier/" + x.id, x.mode == "visio" ? "Visioconférence" : x.place,
                   x.cancelled_at != 0, x.updated_at});
  }
  return out;
}

}  // namespace jalon::workshops
