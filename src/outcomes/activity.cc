// The accompaniment's activity on the statistics page, over the period: workshop attendance
// (the workshops' W4 definition, workshops/rules.h) and the partners' answers to referrals
// within 15 and 30 days. Structure-wide aggregates, with numerator and denominator (O11).
#include "core/dates.h"
#include "outcomes/service.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"
#include "workshops/rules.h"

namespace jalon::outcomes {

Activity OutcomeService::activity(const access::Session& s, const StatsQuery& q) {
  Activity out;
  auto tx = db_.read();
  auto zone_row = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {s.structure_id});
  std::string zone = zone_row && dates::valid_zone(zone_row->text(0))
                         ? zone_row->text(0)
                         : std::string(dates::kDefaultZone);
  // Sessions already started (a future session has no attendance yet).
  store::Params p{s.structure_id, clock_.now_ms()};
  std::string w = " WHERE ws.structure_id = ? AND ws.starts_at <= ? AND wp.waiting = 0";
  if (auto d = dates::parse_iso_date(q.from); !q.from.empty() && d.ok()) {
    w += " AND ws.starts_at >= ?";
    p.emplace_back(dates::day_start(*d, zone));
  }
  if (auto d = dates::parse_iso_date(q.to); !q.to.empty() && d.ok()) {
    w += " AND ws.starts_at < ?";
    p.emplace_back(dates::day_start({d->days + 1}, zone));
  }
  auto sum = [](std::string_view status) {
    return ", SUM(CASE WHEN wp.status = '" + std::string(status) + "' THEN 1 ELSE 0 END)";
  };
  auto c = tx.query_one(
      "SELECT COUNT(DISTINCT ws.id), COUNT(wp.id)" + sum(workshops::kPresent) +
          sum(workshops::kExcused) + sum(workshops::kCancelled) + sum(workshops::kAbsent) +
          " FROM workshop_sessions ws JOIN workshop_participations wp ON wp.session_id = ws.id" + w,
      p);
  if (c) {
    store::RowReader r(*c);
    for (auto* v :
         {&out.sessions, &out.enrolled, &out.present, &out.excused, &out.cancelled, &out.absent}) {
      *v = r.i64_or(0);
    }
  }
  workshops::Counts counts;
  counts.enrolled = out.enrolled;
  counts.present = out.present;
  counts.excused = out.excused;
  counts.cancelled = out.cancelled;
  counts.absent = out.absent;
  // W4's denominator, as the workshops' pages compute it.
  int64_t expected = counts.enrolled - counts.excused - counts.cancelled;
  out.attendance = rate(counts.present, expected, params_.small_cell);

  store::Params rp{s.structure_id};
  std::string rw = " WHERE structure_id = ?";
  for (auto [v, cond] :
       {std::pair{&q.from, " AND sent_on >= ?"}, std::pair{&q.to, " AND sent_on <= ?"}}) {
    if (v->empty()) continue;
    rw += cond;
    rp.emplace_back(*v);
  }
  int today = dates::local_date(clock_.now_ms(), zone).days;
  int64_t n15 = 0, d15 = 0, n30 = 0, d30 = 0;
  for (const auto& row :
       tx.query("SELECT sent_on, COALESCE(answered_on, '') FROM referrals" + rw, rp)) {
    ++out.referrals;
    auto sent = dates::parse_iso_date(row.text(0));
    if (!sent.ok()) continue;
    auto answered = dates::parse_iso_date(row.text(1));
    int delay = answered.ok() ? answered->days - sent->days : -1;
    for (auto [days, num, den] : {std::tuple{15, &n15, &d15}, std::tuple{30, &n30, &d30}}) {
      if (today - sent->days < days) continue;  // not yet had the time
      ++*den;
      if (delay >= 0 && delay <= days) ++*num;
    }
  }
  out.within15 = rate(n15, d15, params_.small_cell);
  out.within30 = rate(n30, d30, params_.small_cell);
  return out;
}

}  // namespace jalon::outcomes
