#include "workshops/view.h"

#include "core/dates.h"
#include "workshops/referentials.h"

namespace jalon::workshops::view {

using nlohmann::json;

json template_json(const Template& t) {
  json themes_ = json::array();
  for (const auto& code : t.themes) {
    themes_.push_back({{"code", code}, {"label", std::string(label_of(themes(), code))}});
  }
  json objectives = json::array();
  for (std::size_t i = 0; i < t.objectives.size(); ++i) {
    objectives.push_back(
        {{"n", i + 1}, {"label", t.objectives[i].label}, {"skill", t.objectives[i].skill}});
  }
  json steps = json::array();
  int at = 0;
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    steps.push_back({{"n", i + 1},
                     {"label", t.steps[i].label},
                     {"duration_min", t.steps[i].duration_min},
                     {"from", at},
                     {"to", at + t.steps[i].duration_min}});
    at += t.steps[i].duration_min;
  }
  std::string capacity =
      t.capacity_max > 0 ? std::to_string(t.capacity_max) + " places" : "illimitée";
  if (t.capacity_min > 0) capacity += " (au moins " + std::to_string(t.capacity_min) + ")";
  return {{"id", t.id},
          {"title", t.title},
          {"themes", themes_},
          {"audience", t.audience},
          {"prerequisites", t.prerequisites},
          {"materials", t.materials},
          {"room_setup", t.room_setup},
          {"duration_min", t.duration_min},
          {"capacity_min", t.capacity_min > 0 ? json(t.capacity_min) : json(nullptr)},
          {"capacity_max", t.capacity_max > 0 ? json(t.capacity_max) : json(nullptr)},
          {"capacity_label", capacity},
          {"facilitators", t.facilitators},
          {"rework_threshold", t.rework_threshold},
          {"objectives", objectives},
          {"steps", steps}};
}

json rates_json(const Counts& c) {
  Rates r = rates(c);
  return {{"fill", percent(r.fill)},       {"attendance", percent(r.attendance)},
          {"no_show", percent(r.no_show)}, {"enrolled", c.enrolled},
          {"present", c.present},          {"excused", c.excused},
          {"cancelled", c.cancelled},      {"absent", c.absent}};
}

json session_json(const Session& s, const std::string& zone, Millis now) {
  auto day = dates::local_date(s.starts_at, zone);
  long long remaining = s.capacity ? std::max<long long>(0, *s.capacity - s.taken()) : -1;
  return {{"id", s.id},
          {"template_id", s.template_id},
          {"title", s.title},
          {"date", dates::french(day)},
          {"date_long", dates::french_long(day)},
          {"time", dates::local_hhmm(s.starts_at, zone)},
          {"ends", dates::local_hhmm(s.ends_at(), zone)},
          {"duration_min", s.duration_min},
          {"mode", std::string(label_of(session_modes(), s.mode))},
          {"visio", s.mode == "visio"},
          {"place", s.place},
          {"capacity_label",
           s.capacity ? std::to_string(*s.capacity) + " places" : std::string("illimitée")},
          {"taken", s.taken()},
          {"remaining", remaining},
          {"full", s.full()},
          {"waiting", s.waiting},
          {"facilitator", s.facilitator_name},
          {"past", s.starts_at <= now},
          {"cancelled", s.cancelled_at != 0},
          {"editable", s.cancelled_at == 0 && s.starts_at > now},
          {"notes", s.notes},
          {"rates", rates_json(s.counts)}};
}

json session_api(const Session& s) {
  Rates r = rates(s.counts);
  auto num = [](std::optional<double> v) { return v ? json(*v) : json(nullptr); };
  return {
      {"id", s.id},
      {"workshop_id", s.template_id},
      {"title", s.title},
      {"starts_at", dates::rfc3339_utc(s.starts_at)},
      {"duration_min", s.duration_min},
      {"mode", s.mode},
      {"place", s.place},
      {"capacity", s.capacity ? json(*s.capacity) : json(nullptr)},
      {"facilitator_id", s.facilitator_id},
      {"cancelled", s.cancelled_at != 0},
      {"taken", s.taken()},
      {"waiting", s.waiting},
      {"rates",
       {{"fill", num(r.fill)}, {"attendance", num(r.attendance)}, {"no_show", num(r.no_show)}}}};
}

}  // namespace jalon::workshops::view
