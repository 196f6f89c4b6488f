#include "partners/referentials.h"

namespace jalon::partners {

const referential::List& themes() {
  // data·inclusion schema v1, thematiques (categories).
  static const referential::List l = {
      {"choisir-un-metier", "Choisir un métier"},
      {"creer-une-entreprise", "Créer une entreprise"},
      {"difficultes-administratives-ou-juridiques", "Difficultés administratives ou juridiques"},
      {"difficultes-financieres", "Difficultés financières"},
      {"equipement-et-alimentation", "Équipement et alimentation"},
      {"famille", "Famille"},
      {"lecture-ecriture-calcul", "Lecture, écriture, calcul"},
      {"logement-hebergement", "Logement, hébergement"},
      {"mobilite", "Mobilité"},
      {"numerique", "Numérique"},
      {"preparer-sa-candidature", "Préparer sa candidature"},
      {"remobilisation", "Remobilisation"},
      {"sante", "Santé"},
      {"se-former", "Se former"},
      {"souvrir-a-linternational", "S'ouvrir à l'international"},
      {"trouver-un-emploi", "Trouver un emploi"}};
  return l;
}

const referential::List& publics() {
  static const referential::List l = {
      {"tous-publics", "Tous publics"},
      {"demandeurs-d-emploi", "Demandeurs d'emploi"},
      {"beneficiaires-des-minimas-sociaux", "Bénéficiaires des minimas sociaux"},
      {"jeunes", "Jeunes"},
      {"femmes", "Femmes"},
      {"familles", "Familles"},
      {"seniors", "Séniors"},
      {"personnes-en-situation-de-handicap", "Personnes en situation de handicap"},
      {"personnes-exilees", "Personnes exilées"},
      {"residents-qpv-frr", "Résidents en QPV ou FRR"},
      {"actifs", "Actifs"},
      {"etudiants", "Étudiants"},
      {"personnes-en-situation-d-urgence", "Personnes en situation d'urgence"},
      {"personnes-en-situation-juridique-specifique",
       "Personnes en situation juridique spécifique"}};
  return l;
}

const referential::List& service_kinds() {
  static const referential::List l = {{"accompagnement", "Accompagnement"},
                                      {"aide-financiere", "Aide financière"},
                                      {"aide-materielle", "Aide matérielle"},
                                      {"atelier", "Atelier"},
                                      {"formation", "Formation"},
                                      {"information", "Information"}};
  return l;
}

const referential::List& fees() {
  static const referential::List l = {{"gratuit", "Gratuit"}, {"payant", "Payant"}};
  return l;
}

const referential::List& organisation_kinds() {
  static const referential::List l = {
      {"france-travail", "France Travail"},
      {"mission-locale", "Mission locale"},
      {"cap-emploi", "Cap emploi"},
      {"ccas", "CCAS / CIAS"},
      {"departement", "Service social du département"},
      {"plie", "PLIE"},
      {"ACI", "Atelier et chantier d'insertion (ACI)"},
      {"EI", "Entreprise d'insertion (EI)"},
      {"AI", "Association intermédiaire (AI)"},
      {"ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"},
      {"EITI", "Entreprise d'insertion par le travail indépendant (EITI)"},
      {"association", "Association"},
      {"auto-ecole-sociale", "Auto-école sociale"},
      {"garde-enfants", "Garde d'enfants"},
      {"organisme-formation", "Organisme de formation"},
      {"autre", "Autre"}};
  return l;
}

const referential::List& zone_kinds() {
  static const referential::List l = {
      {"commune", "Commune"}, {"epci", "Intercommunalité (EPCI)"}, {"departement", "Département"}};
  return l;
}

const referential::List& consent_scopes() {
  static const referential::List l = {{"identite", "Nom et prénom"},
                                      {"contact", "Téléphone et e-mail"},
                                      {"naissance", "Date de naissance"},
                                      {"commune", "Commune de résidence"}};
  return l;
}

const referential::List& decline_reasons() {
  static const referential::List l = {{"complet", "Plus de place disponible"},
                                      {"hors-criteres", "La personne ne remplit pas les critères"},
                                      {"hors-zone", "La personne habite hors de la zone desservie"},
                                      {"injoignable", "La personne n'a pas pu être jointe"},
                                      {"refus-personne", "La personne a renoncé"},
                                      {"autre", "Autre motif"}};
  return l;
}

}  // namespace jalon::partners
