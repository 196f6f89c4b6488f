#include "workshops/referentials.h"

namespace jalon::workshops {

const referential::List& themes() {
  static const referential::List e = {
      {"preparer-sa-candidature", "Préparer sa candidature"},
      {"trouver-un-emploi", "Trouver un emploi"},
      {"choisir-un-metier", "Choisir un métier"},
      {"numerique", "Numérique"},
      {"mobilite", "Mobilité"},
      {"remobilisation", "Remobilisation"},
      {"lecture-ecriture-calcul", "Lecture, écriture, calcul"},
      {"se-former", "Se former"},
      {"creer-une-entreprise", "Créer une entreprise"},
      {"sante", "Santé"},
      {"logement-hebergement", "Logement, hébergement"},
      {"famille", "Famille"},
      {"difficultes-administratives-ou-juridiques", "Difficultés administratives ou juridiques"},
      {"difficultes-financieres", "Difficultés financières"},
      {"equipement-et-alimentation", "Équipement et alimentation"},
      {"souvrir-a-linternational", "S'ouvrir à l'international"}};
  return e;
}

const referential::List& session_modes() {
  static const referential::List e = {{"sur_place", "Sur place"}, {"visio", "Visioconférence"}};
  return e;
}

const referential::List& participation_statuses() {
  static const referential::List e = {{kUndetermined, "Non déterminé"},
                                      {kPresent, "Présent·e"},
                                      {kExcused, "Excusé·e"},
                                      {kCancelled, "Annulé par la structure"},
                                      {kAbsent, "Absent·e non excusé·e"}};
  return e;
}

const referential::List& enrolment_outcomes() {
  static const referential::List e = {{kEnrolled, "Inscrit·e"},
                                      {kAlready, "Déjà inscrit·e"},
                                      {kWaiting, "Complet → liste d'attente"},
                                      {kFull, "Complet : non inscrit·e"},
                                      {kNotFound, "Introuvable"}};
  return e;
}

}  // namespace jalon::workshops
