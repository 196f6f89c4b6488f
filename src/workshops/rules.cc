#include "workshops/rules.h"

#include <cmath>
#include <cstdio>

#include "core/dates.h"
#include "workshops/referentials.h"

namespace jalon::workshops {

Status check_status(std::string_view from, std::string_view to, Millis starts_at, Millis now,
                    std::string_view zone, std::string_view who, std::string_view field) {
  if (!has_code(participation_statuses(), to)) {
    return Error::invalid(std::string(who) + " : choisissez un statut de la liste.",
                          std::string(field));
  }
  if (to == from) return ok_status();
  bool started = now >= starts_at;
  std::string label(label_of(participation_statuses(), to));
  if (!started && (to == kPresent || to == kAbsent)) {
    return Error::invalid(std::string(who) + " : la séance n'a pas encore commencé, « " + label +
                              " » pourra être indiqué à partir du " +
                              dates::french_datetime(starts_at, zone) + ".",
                          std::string(field));
  }
  if (started && to == kUndetermined) {
    return Error::invalid(std::string(who) +
                              " : la séance a commencé, indiquez présent·e, excusé·e, annulé "
                              "ou absent·e.",
                          std::string(field));
  }
  return ok_status();
}

Status check_running_order(const std::vector<Step>& steps, int total_min) {
  long long sum = 0;
  for (const auto& s : steps) sum += s.duration_min;
  if (steps.empty()) {
    return Error::invalid("Indiquez au moins une étape du déroulé avec sa durée.", "steps");
  }
  if (sum != total_min) {
    return Error::invalid("Les durées du déroulé font " + std::to_string(sum) +
                              " minutes au total, mais la durée de l'atelier est de " +
                              std::to_string(total_min) + " minutes : elles doivent être égales.",
                          "steps");
  }
  return ok_status();
}

long long Counts::enrolled_with_capacity() const {
  if (capped >= 0) return capped;
  return capacity > 0 ? enrolled : 0;
}

Counts& Counts::operator+=(const Counts& o) {
  capped = enrolled_with_capacity() + o.enrolled_with_capacity();
  capacity += o.capacity;
  enrolled += o.enrolled;
  present += o.present;
  excused += o.excused;
  cancelled += o.cancelled;
  absent += o.absent;
  return *this;
}

Rates rates(const Counts& c) {
  auto ratio = [](long long n, long long d) -> std::optional<double> {
    if (d <= 0) return std::nullopt;
    return static_cast<double>(n) / static_cast<double>(d);
  };
  return {ratio(c.enrolled_with_capacity(), c.capacity),
          ratio(c.present, c.enrolled - c.excused - c.cancelled),
          ratio(c.absent, c.present + c.excused + c.cancelled + c.absent)};
}

std::string percent(std::optional<double> rate) {
  if (!rate) return "—";
  char buf[32];
  double v = std::round(*rate * 1000.0) / 10.0;
  if (v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f %%", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %%", v);
  }
  std::string s(buf);
  for (auto& ch : s) {
    if (ch == '.') ch = ',';
  }
  return s;
}

SkillDelta skill_delta(const std::vector<SelfScores>& scores) {
  SkillDelta d;
  double pre = 0, post = 0;
  int improved = 0;
  for (const auto& s : scores) {
    if (s.pre && !s.post) ++d.excluded;
    if (!s.pre || !s.post) continue;
    ++d.paired;
    pre += *s.pre;
    post += *s.post;
    if (*s.post > *s.pre) ++improved;
  }
  if (d.paired == 0) return d;
  double n = d.paired;
  d.mean_pre = pre / n;
  d.mean_post = post / n;
  d.mean_delta = (post - pre) / n;
  d.improved_share = improved / n;
  return d;
}

std::optional<double> mean_share(const std::vector<int>& scores, int scale_max) {
  if (scores.empty() || scale_max <= 0) return std::nullopt;
  double sum = 0;
  for (int v : scores) sum += v;
  return sum / static_cast<double>(scores.size()) / scale_max;
}

bool needs_rework(const ObjectiveScore& now, const ObjectiveScore& previous, double threshold) {
  auto low = [threshold](std::optional<double> v, std::optional<double> before) {
    if (!v) return false;
    // A hair of tolerance so that equal scores read back from the store never count as "lower".
    return *v < threshold || (before && *v < *before - 1e-9);
  };
  return low(now.satisfaction, previous.satisfaction) || low(now.post, previous.post);
}

}  // namespace jalon::workshops
