#include "outcomes/rules.h"

#include <cmath>
#include <cstdio>

namespace jalon::outcomes {

const referential::List& situations() {
  static const referential::List l = {
      {"cdi", "CDI", kEmployed},
      {"cdd", "CDD (durée en mois)", kEmployed | kNeedsMonths},
      {"interim", "Intérim (durée en mois)", kEmployed | kNeedsMonths},
      {"contrat_aide", "Contrat aidé chez un employeur de droit commun", kEmployed},
      {"autre_siae", "Embauche dans une autre SIAE", kEmployed},
      {"fonction_publique", "Fonction publique (stage ou titularisation)", kEmployed},
      {"creation", "Création d'entreprise", kEmployed},
      {"formation_qualifiante", "Formation pré-qualifiante ou qualifiante", kNeutralised},
      {"formation_non_qualifiante", "Formation non qualifiante", kNeutralised},
      {"alternance", "Alternance (apprentissage, professionnalisation)", kNeutralised},
      {"recherche_emploi", "Recherche d'emploi"},
      {"inactivite", "Inactivité"},
      {"incapacite", "Dans l'incapacité de travailler", kNeutralised},
      {"etranger", "En emploi hors du marché du travail français", kNeutralised},
      {"autre", "Autre situation"},
      {"inconnue", "Situation inconnue"}};
  return l;
}

const referential::List& categories() {
  static const referential::List l = {{kDurable, "Emploi durable"},
                                      {kTransition, "Emploi de transition"},
                                      {kPositive, "Sortie positive"},
                                      {kOther, "Autre sortie"},
                                      {kUnknownCategory, "À préciser (durée inconnue)"}};
  return l;
}

const referential::List& moments() {
  static const referential::List l = {{"m6", "Suivi à 6 mois"},
                                      {"m24", "Suivi à 24 mois"},
                                      {"fse_4s", "FSE+ : résultat immédiat (4 semaines)"},
                                      {"fse_m6", "FSE+ : résultat à 6 mois"}};
  return l;
}

const referential::List& followup_statuses() {
  static const referential::List l = {{kToDo, "À faire"},
                                      {kAnswered, "Renseigné"},
                                      {kUnreachable, "Injoignable"},
                                      {kVoid, "Sans objet (retour en accompagnement)"}};
  return l;
}

std::string_view category_of(std::string_view situation, std::optional<int> months,
                             const Params& p) {
  if (situation == "cdi" || situation == "fonction_publique" || situation == "creation") {
    return kDurable;
  }
  if (situation == "cdd" || situation == "interim") {
    if (!months) return kUnknownCategory;  // flagged, never guessed
    return *months >= p.durable_months ? kDurable : kTransition;
  }
  if (situation == "contrat_aide") return kTransition;
  if (situation == "formation_qualifiante" || situation == "autre_siae") return kPositive;
  return kOther;
}

bool is_dynamic(std::string_view c) {
  return c == kDurable || c == kTransition || c == kPositive;
}

std::string add_months(const std::string& iso, int months) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return iso;
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int last = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > last) d = last;
  char buf[40];  // room for any int, so -O2 sees no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool examined(std::string_view kind, const std::string& entry_on, const std::string& exit_on,
              std::optional<int> hours, bool withdrawn, const Params& p) {
  if (withdrawn) return false;
  if (kind == "ai" || kind == "etti") return hours && *hours >= p.min_hours_ai;
  if (hours && *hours < p.min_hours) return false;
  return exit_on >= add_months(entry_on, p.min_stay_months);
}

Rate rate(int64_t numerator, int64_t denominator, int small_cell) {
  Rate r{numerator, denominator, false, 0};
  if (denominator > 0 && denominator >= small_cell) {
    r.shown = true;
    r.percent = 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  return r;
}

std::string rate_text(const Rate& r, int small_cell) {
  if (!r.shown) {
    return r.denominator == 0
               ? "aucune donnée"
               : "effectif insuffisant (moins de " + std::to_string(small_cell) + ")";
  }
  // Two decimals at most, French style: 56,25 %; 75 %.
  double v = std::round(r.percent * 100.0) / 100.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  for (auto& c : s) {
    if (c == '.') c = ',';
  }
  return s + " %";
}

RncpRates rncp_rates(const std::vector<Answer>& answers, int small_cell) {
  RncpRates out;
  int64_t employed = 0, target = 0;
  for (const auto& a : answers) {
    ++out.respondents;
    const auto* s = referential::find(situations(), a.situation);
    std::uint32_t flags = s ? s->flags : 0;
    if (flags & kNeutralised) {
      ++out.neutralised;
      continue;
    }
    if (flags & kEmployed) {
      ++employed;
      if (a.in_target_job) ++target;
    }
  }
  int64_t den = out.respondents - out.neutralised;
  out.global = rate(employed, den, small_cell);
  out.target_job = rate(target, den, small_cell);
  return out;
}

}  // namespace jalon::outcomes
