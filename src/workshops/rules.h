// The rules of a workshop, as pure functions tested without a store: the participation status
// changes allowed before and after the start (W3), the running order that must add up to the
// total duration (W1), and the rates of a session or a template (W4).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace jalon::workshops {

// May a participation go from `from` to `to` at `now` for a session starting at `starts_at`?
// Before the start: non déterminé, excusé, annulé par la structure. From the start: présent,
// excusé, annulé, absent (no way back to "non déterminé"). Keeping the same status is allowed.
// `who` names the person in the message (the attendance form lists every mistake).
Status check_status(std::string_view from, std::string_view to, Millis starts_at, Millis now,
                    std::string_view zone, std::string_view who, std::string_view field);

// A step of the running order, in minutes.
struct Step {
  std::string label;
  int duration_min = 0;
};
// The steps' durations add up to the total (W1); the message gives both sums.
Status check_running_order(const std::vector<Step>& steps, int total_min);

// The participation counts of one session, or summed over sessions (waiting list left out).
struct Counts {
  long long capacity = 0;  // sum of the capacities; 0 when none has one
  long long enrolled = 0, present = 0, excused = 0, cancelled = 0, absent = 0;
  // Enrolled in the sessions that have a capacity (the fill rate's numerator); -1: all of the
  // enrolled when capacity > 0, none otherwise. Sums keep it right.
  long long capped = -1;
  long long enrolled_with_capacity() const;
  Counts& operator+=(const Counts& o);
};

// The rates of W4, each absent when its denominator is 0:
//   fill = enrolled ÷ capacity (sessions with a capacity only); attendance = present ÷ (enrolled −
//   excused − cancelled); no-show = absent ÷ resolved, resolved = present + excused + cancelled +
//   absent.
struct Rates {
  std::optional<double> fill, attendance, no_show;
};
Rates rates(const Counts& c);

// "85,7 %" (one decimal, French), or "—" when absent.
std::string percent(std::optional<double> rate);

// ---- evaluation (W6, W7, W9) ----------------------------------------------------------------

// Scales: satisfaction items are Likert 1–5 (W6), self-assessment 1–4 (W7, no middle answer).
inline constexpr int kLikertMax = 5, kSelfMax = 4;

// One participant's self-assessment of one skill, before and after (absent: not answered).
struct SelfScores {
  std::optional<int> pre, post;
};
// W7, per skill: deltas over the participants who answered both; a pre answer with no post
// answer is excluded and counted (shown beside the delta). Means are absent when paired is 0.
struct SkillDelta {
  int paired = 0, excluded = 0;
  std::optional<double> mean_pre, mean_post, mean_delta, improved_share;
};
SkillDelta skill_delta(const std::vector<SelfScores>& scores);

// A mean score as a share of its scale's maximum (W9 compares shares): 4.2 of 5 = 84 %.
std::optional<double> mean_share(const std::vector<int>& scores, int scale_max);

// W9: an objective's mean satisfaction and mean post-score, as shares (absent: no answer).
struct ObjectiveScore {
  std::optional<double> satisfaction, post;
};
// True when either share falls below `threshold` (0–1), or below the same share of the
// previous period (the template's session evaluated before).
bool needs_rework(const ObjectiveScore& now, const ObjectiveScore& previous, double threshold);

}  // namespace jalon::workshops
