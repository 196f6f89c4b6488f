#include "meetings/referentials.h"

#include <algorithm>

namespace jalon::meetings {

const referential::List& appointment_kinds() {
  static const referential::List e = {{"accueil", "Accueil"},
                                      {"diagnostic", "Diagnostic"},
                                      {"suivi", "Suivi"},
                                      {"bilan", "Bilan"},
                                      {"tripartite", "Tripartite (employeur ou partenaire)"}};
  return e;
}

const referential::List& appointment_modes() {
  static const referential::List e = {
      {"sur_place", "Sur place"}, {"telephone", "Téléphone"}, {"visio", "Visioconférence"}};
  return e;
}

const referential::List& participation_statuses() {
  static const referential::List e = {{kUndetermined, "Non déterminé"},
                                      {kAttended, "Honoré"},
                                      {kCancelledByPerson, "Annulé par la personne"},
                                      {kCancelledByService, "Annulé par le service"},
                                      {kNoShow, "Absence non excusée"}};
  return e;
}

const referential::List& partner_kinds() {
  static const referential::List e = {{"employeur", "Employeur"}, {"partenaire", "Partenaire"}};
  return e;
}

namespace {

// What each kind of interview is for, as the prompt of its "points abordés" section.
std::string_view topics_hint(std::string_view kind) {
  if (kind == "accueil") {
    return "Présentation de la structure et de l'accompagnement, demande et attentes de la "
           "personne, notice d'information remise, premières informations utiles.";
  }
  if (kind == "diagnostic") {
    return "Parcours scolaire et professionnel, situation administrative, ressources, logement, "
           "mobilité, santé si la personne souhaite en parler, compétences et centres d'intérêt.";
  }
  if (kind == "bilan") {
    return "Retour sur le parcours depuis l'entrée : objectifs fixés, actions réalisées, "
           "évolution de la situation.";
  }
  if (kind == "tripartite") {
    return "Objet de la rencontre, présentation de chacun, retours de l'employeur ou du "
           "partenaire et de la personne.";
  }
  return "Avancement depuis le dernier entretien : démarches faites, actions en cours, "
         "difficultés rencontrées.";
}

}  // namespace

std::vector<ReportSection> report_template(std::string_view kind) {
  std::vector<ReportSection> out = {{"topics", "Points abordés", topics_hint(kind)}};
  if (kind == "bilan") {
    out.push_back({"achievements", "Acquis et résultats du parcours",
                   "Compétences acquises, formations suivies, expériences en emploi, "
                   "situation à ce jour."});
  }
  out.push_back({"barriers_levers", "Freins et leviers évoqués",
                 "Freins levés, atténués ou nouveaux ; points d'appui sur lesquels s'appuyer. "
                 "Le diagnostic peut être mis à jour ci-dessous."});
  out.push_back({"decisions", "Décisions", "Ce qui a été décidé ensemble pendant l'entretien."});
  out.push_back({"commitments_person", "Engagements de la personne",
                 "Ce que la personne s'engage à faire, avec une échéance."});
  out.push_back({"commitments_counselor", "Engagements du ou de la conseiller·ère",
                 "Ce que le service s'engage à faire : contacts, orientations, démarches."});
  if (kind == "tripartite") {
    out.push_back({"commitments_partner", "Engagements de l'employeur ou du partenaire",
                   "Ce que l'employeur ou le partenaire s'engage à faire."});
  }
  out.push_back({"next_steps", "Prochaines étapes",
                 "Prochain rendez-vous, actions à suivre, points à revoir."});
  out.push_back({kInternalSection, "Notes internes au service",
                 "Non reprises dans l'exemplaire remis à la personne : coordination entre "
                 "collègues, démarches à vérifier. Elles restent communicables à la personne "
                 "sur sa demande : rédigez-les de façon factuelle.",
                 true});
  return out;
}

bool known_section(std::string_view code) {
  for (std::string_view kind : {"bilan", "tripartite"}) {
    auto t = report_template(kind);
    if (std::any_of(t.begin(), t.end(), [&](const ReportSection& s) { return s.code == code; })) {
      return true;
    }
  }
  return false;
}

}  // namespace jalon::meetings
