// The workshops' hook into the meetings agenda: the sessions a counselor facilitates.
#include "workshops/web.h"

namespace jalon::workshops {

std::vector<meetings::AgendaEvent> agenda_events(WorkshopService& workshops,
                                                 const access::Session& s,
                                                 const std::string& counselor_id, Millis from,
                                                 Millis to) {
  std::vector<meetings::AgendaEvent> out;
  for (const auto& x : workshops.sessions_between(s, from, to, counselor_id)) {
    out.push_back({x.starts_at, x.ends_at(), x.title, "/seances-atelier/" + x.id});
  }
  return out;
}

}  // namespace jalon::workshops
