// The PMSMP code lists and pure rules: a day's periods, the one-month limit, the legal hours.
#include <date/date.h>

#include <regex>

#include "core/validation.h"
#include "employers/immersions.h"
#include "ui/charts.h"

namespace jalon::employers {

const referential::List& immersion_objectives() {
  static const referential::List l = {{"decouvrir", "Découvrir un métier ou un secteur d'activité"},
                                      {"confirmer", "Confirmer un projet professionnel"},
                                      {"recruter", "Initier une démarche de recrutement"}};
  return l;
}

const referential::List& immersion_statuses() {
  static const referential::List l = {{"a_signer", "À signer"},
                                      {"partiellement_signee", "Partiellement signée"},
                                      {"signee", "Signée"},
                                      {"bilan", "Bilan fait"},
                                      {"annulee", "Annulée"}};
  return l;
}

const referential::List& immersion_attendance() {
  static const referential::List l = {{"complete", "Immersion effectuée en entier"},
                                      {"interrompue", "Immersion interrompue avant la fin"},
                                      {"absent", "La personne ne s'est pas présentée"}};
  return l;
}

std::optional<std::vector<std::pair<int, int>>> parse_day(const std::string& text) {
  static const std::regex kPeriod(R"((\d{1,2})[:hH](\d{2})\s*-\s*(\d{1,2})[:hH](\d{2}))");
  std::vector<std::pair<int, int>> out;
  std::string rest = text;
  std::smatch m;
  while (std::regex_search(rest, m, kPeriod)) {
    for (char c : m.prefix().str()) {
      if (c != ' ' && c != ',' && c != ';') return std::nullopt;
    }
    int a = std::stoi(m[1].str()) * 60 + std::stoi(m[2].str());
    int b = std::stoi(m[3].str()) * 60 + std::stoi(m[4].str());
    if (std::stoi(m[2].str()) > 59 || std::stoi(m[4].str()) > 59 || a >= b || b > 24 * 60) {
      return std::nullopt;
    }
    if (!out.empty() && a < out.back().second) return std::nullopt;
    out.emplace_back(a, b);
    rest = m.suffix().str();
  }
  for (char c : rest) {
    if (c != ' ' && c != ',' && c != ';') return std::nullopt;
  }
  return out;
}

dates::Date last_allowed_end(dates::Date start) {
  using namespace date;
  year_month_day ymd{sys_days{days{start.days}}};
  year_month_day next = ymd + months{1};
  if (!next.ok()) next = next.year() / next.month() / last;
  return dates::Date{static_cast<int>(sys_days{next}.time_since_epoch().count()) - 1};
}

namespace {

constexpr const char* kDayNames[] = {"Lundi",    "Mardi",  "Mercredi", "Jeudi",
                                     "Vendredi", "Samedi", "Dimanche"};

std::string hours_text(int minutes) {
  return ui::fr_number(minutes / 60.0) + " h";
}

}  // namespace

std::vector<Error> schedule_mistakes(const std::array<std::string, 7>& days, bool minor,
                                     double* weekly_hours) {
  std::vector<Error> out;
  validation::Mistakes m{out};
  const int day_max = minor ? 8 * 60 : 10 * 60;
  const int week_max = minor ? 35 * 60 : 48 * 60;
  const int days_max = minor ? 5 : 6;
  int week = 0, worked = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    std::string field = "day_" + std::to_string(i + 1);
    auto periods = parse_day(days[i]);
    if (!periods) {
      m.add(Error::invalid(std::string(kDayNames[i]) + " : horaires illisibles « " + days[i] +
                               " » (écrivez par exemple 08:00-12:00 13:30-17:00).",
                           field));
      continue;
    }
    int total = 0;
    bool night = false;
    for (auto [a, b] : *periods) {
      total += b - a;
      if (a < 6 * 60 || b > 22 * 60) night = true;
    }
    if (total > 0) ++worked;
    week += total;
    if (total > day_max) {
      m.add(Error::invalid(std::string(kDayNames[i]) + " : " + hours_text(total) +
                               " de présence ; la durée maximale est de " + hours_text(day_max) +
                               " par jour" + (minor ? " pour une personne mineure." : "."),
                           field));
    } else if (minor && night) {
      m.add(Error::invalid(std::string(kDayNames[i]) +
                               " : une personne mineure ne peut pas être présente entre 22 h et"
                               " 6 h.",
                           field));
    }
  }
  if (weekly_hours) *weekly_hours = week / 60.0;
  if (week == 0 && out.empty()) {
    m.add(Error::invalid("Indiquez les horaires d'au moins un jour.", "schedule"));
  } else if (week > week_max) {
    m.add(Error::invalid("La semaine compte " + hours_text(week) +
                             " de présence ; le maximum légal est de " + hours_text(week_max) +
                             (minor ? " pour une personne mineure." : "."),
                         "schedule"));
  } else if (worked > days_max) {
    m.add(Error::invalid("La semaine compte " + std::to_string(worked) +
                             " jours de présence : il faut au moins " +
                             (minor ? "deux jours" : "un jour") + " de repos par semaine.",
                         "schedule"));
  }
  return out;
}

}  // namespace jalon::employers
