#include "employers/referentials.h"

#include <algorithm>

namespace jalon::employers {

const referential::List& relation_statuses() {
  static const referential::List l = {{"jamais_contacte", "Jamais contacté"},
                                      {"contacte", "Contacté"},
                                      {"rencontre", "Rencontré"},
                                      {"partenaire_actif", "Partenaire actif"},
                                      {"en_sommeil", "En sommeil"}};
  return l;
}

const referential::List& action_kinds() {
  static const referential::List l = {{"appel", "Appel"},
                                      {"visite", "Visite"},
                                      {"courriel", "Courriel"},
                                      {"evenement", "Événement (forum, job dating…)"}};
  return l;
}

const referential::List& application_states() {
  static const referential::List l = {
      {"nouvelle", "Nouvelle candidature"},         {"a_l_etude", "Candidature à l'étude"},
      {"entretien_prevu", "Entretien prévu"},       {"en_attente", "Candidature en attente"},
      {"acceptee", "Candidature acceptée", kFinal}, {"refusee", "Candidature déclinée", kFinal},
      {"annulee", "Embauche annulée", kFinal}};
  return l;
}

bool may_move(std::string_view from, std::string_view to) {
  if (from == to || !referential::has_code(application_states(), to)) return false;
  if (from == kAccepted) return to == "annulee";
  const auto* f = referential::find(application_states(), from);
  if (!f || (f->flags & kFinal)) return false;
  return to != "annulee";  // only an accepted hire is cancelled; others are declined
}

const referential::List& refusal_reasons() {
  static const referential::List l = {
      {"injoignable", "Candidat non joignable"},
      {"absent_entretien", "Candidat ne s'étant pas présenté à l'entretien"},
      {"en_emploi", "Candidat indisponible : en emploi"},
      {"en_formation", "Candidat indisponible : en formation"},
      {"non_eligible", "Candidat non éligible"},
      {"non_mobile", "Candidat non mobile"},
      {"non_interesse", "Candidat non intéressé"},
      {"competences", "Le candidat n'a pas les compétences requises pour le poste"},
      {"frein_incompatible",
       "Un des freins à l'emploi du candidat est incompatible avec le poste proposé"},
      {"pas_de_recrutement", "Pas de recrutement en cours"},
      {"doublon", "Candidature en doublon"},
      {"autre", "Autre"}};
  return l;
}

const referential::List& contract_kinds() {
  static const referential::List l = {{"cdi", "CDI"},
                                      {"cdd", "CDD"},
                                      {"cdd_insertion", "CDD d'insertion"},
                                      {"interim", "Mission intérimaire"},
                                      {"apprentissage", "Contrat d'apprentissage"},
                                      {"professionnalisation", "Contrat de professionnalisation"},
                                      {"autre", "Autre"}};
  return l;
}

const referential::List& size_bands() {
  static const referential::List l = {
      {"NN", "Non renseigné"},          {"00", "0 salarié"},
      {"01", "1 ou 2 salariés"},        {"02", "3 à 5 salariés"},
      {"03", "6 à 9 salariés"},         {"11", "10 à 19 salariés"},
      {"12", "20 à 49 salariés"},       {"21", "50 à 99 salariés"},
      {"22", "100 à 199 salariés"},     {"31", "200 à 249 salariés"},
      {"32", "250 à 499 salariés"},     {"41", "500 à 999 salariés"},
      {"42", "1 000 à 1 999 salariés"}, {"51", "2 000 à 4 999 salariés"},
      {"52", "5 000 à 9 999 salariés"}, {"53", "10 000 salariés et plus"}};
  return l;
}

int size_headcount(std::string_view band) {
  static const std::pair<std::string_view, int> kMid[] = {
      {"00", 0},   {"01", 2},    {"02", 4},    {"03", 8},    {"11", 15},
      {"12", 35},  {"21", 75},   {"22", 150},  {"31", 225},  {"32", 375},
      {"41", 750}, {"42", 1500}, {"51", 3500}, {"52", 7500}, {"53", 10000}};
  for (const auto& [code, n] : kMid) {
    if (code == band) return n;
  }
  return 0;
}

bool valid_siret(std::string_view s) {
  if (s.size() != 14 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  int sum = 0, plain = 0;
  for (std::size_t i = 0; i < 14; ++i) {
    int d = s[i] - '0';
    plain += d;
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;  // doubled from the right: even positions
    sum += d;
  }
  if (s.substr(0, 9) == "356000000") return plain % 5 == 0;
  return sum % 10 == 0;
}

}  // namespace jalon::employers
