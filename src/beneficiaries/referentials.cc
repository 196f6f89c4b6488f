#include "beneficiaries/referentials.h"

#include <algorithm>

namespace jalon::beneficiaries {

const std::vector<Theme>& themes() {
  static const std::vector<Theme> t = {
      {"logement", "Logement", false},
      {"emploi", "Emploi", false},
      {"formation", "Formation", false},
      {"difficulte_administrative", "Difficultés administratives", false},
      {"difficulte_financiere", "Difficultés financières", false},
      {"mobilite", "Mobilité", false},
      {"sante", "Santé", false},
      {"contraintes_familiales", "Contraintes familiales", false},
      {"maitrise_langue", "Maîtrise de la langue", false},
      {"numerique", "Numérique", false},
      {"choisir_un_metier", "Choisir un métier", true},
      {"se_former", "Se former", true},
      {"preparer_sa_candidature", "Préparer sa candidature", true},
      {"trouver_un_emploi", "Trouver un emploi", true},
      {"creer_une_entreprise", "Créer une entreprise", true},
      {"s_ouvrir_a_l_international", "S'ouvrir à l'international", true},
  };
  return t;
}

const std::vector<Situation>& situations() {
  static const std::vector<Situation> s = {
      {"cf_aidant", "contraintes_familiales", "Aidant familial"},
      {"cf_enceinte", "contraintes_familiales", "Attend un enfant ou plus"},
      {"cf_autres", "contraintes_familiales", "Autres contraintes familiales"},
      {"cf_horaires", "contraintes_familiales", "Contrainte horaires"},
      {"cf_garde", "contraintes_familiales", "Enfant(s) de moins de 3 ans sans solution de garde"},
      {"cf_enfant_handicap", "contraintes_familiales", "Enfant(s) en situation de handicap"},
      {"cf_sante_enfant", "contraintes_familiales", "Problématique de santé d'un enfant"},
      {"da_acces_droits", "difficulte_administrative",
       "Besoin d'être guidé dans le cadre d'un accès aux droits"},
      {"da_juridique", "difficulte_administrative", "Difficulté d'ordre juridique"},
      {"da_imposition", "difficulte_administrative", "Difficulté liée à son avis d'imposition"},
      {"da_identite", "difficulte_administrative",
       "Difficulté liée à un justificatif d'identité / titre de séjour"},
      {"da_demarche", "difficulte_administrative", "Difficulté liée à une démarche administrative"},
      {"df_baisse", "difficulte_financiere", "Baisse des ressources"},
      {"df_alimentaire", "difficulte_financiere", "Besoin d'un soutien alimentaire"},
      {"df_budget", "difficulte_financiere", "Difficulté dans la gestion d'un budget"},
      {"df_surendettement", "difficulte_financiere", "En situation de surendettement"},
      {"df_precaires", "difficulte_financiere",
       "Ressources précaires (inférieures au seuil de pauvreté)"},
      {"df_sans_ressource", "difficulte_financiere", "Sans aucune ressource"},
      {"em_independant", "emploi",
       "Autoentrepreneur / travailleur indépendant / conjoint collaborateur"},
      {"em_dispo", "emploi", "Disponible immédiatement"},
      {"em_temps_partiel", "emploi", "Disponible à temps partiel"},
      {"em_projet_entreprise", "emploi", "En projet d'entreprise"},
      {"em_indisponible", "emploi", "Indisponible dans l'immédiat"},
      {"em_inscrit_ft", "emploi", "Inscrit à France Travail"},
      {"em_jamais", "emploi", "Jamais travaillé"},
      {"em_moins_6m", "emploi", "Moins de 6 mois sans emploi"},
      {"em_plus_6m", "emploi", "Plus de 6 mois sans emploi"},
      {"em_plus_1a", "emploi", "Plus d'1 an sans emploi"},
      {"em_plus_2a", "emploi", "Plus de 2 ans sans emploi"},
      {"em_plus_5a", "emploi", "Plus de 5 ans sans emploi"},
      {"em_plus_10a", "emploi", "Plus de 10 ans sans emploi"},
      {"em_pret_formation", "emploi", "Prêt à suivre une formation"},
      {"em_pret_accompagne", "emploi", "Prêt pour un emploi avec formations / accompagnement"},
      {"fo_identifiee", "formation", "A déjà identifié une formation"},
      {"fo_refus", "formation", "Ne souhaite pas suivre une formation"},
      {"fo_accompagnee", "formation", "Prêt pour une formation avec un accompagnement"},
      {"fo_pret", "formation", "Prêt à suivre une formation"},
      {"lo_autre", "logement", "Autre type de logement (hôtel…)"},
      {"lo_adapter", "logement", "Besoin d'adapter le logement"},
      {"lo_loyer", "logement", "Difficulté à payer le loyer"},
      {"lo_quitter", "logement", "Doit quitter le logement (expulsion…)"},
      {"lo_mobile", "logement", "Habitat mobile"},
      {"lo_collectif", "logement", "Hébergement collectif (CHRS, CHU, CPH, CADA…)"},
      {"lo_parental", "logement", "Hébergé au domicile parental"},
      {"lo_tiers", "logement", "Hébergé chez un tiers"},
      {"lo_prive", "logement", "Locataire du parc privé"},
      {"lo_social", "logement", "Locataire du parc social"},
      {"lo_insalubre", "logement", "Logement insalubre"},
      {"lo_proprietaire", "logement", "Propriétaire"},
      {"lo_sans", "logement", "Sans hébergement / rupture effective de logement"},
      {"lo_rural", "logement", "Territoire rural isolé"},
      {"la_lecture", "maitrise_langue", "Difficulté en français en lecture"},
      {"la_oral", "maitrise_langue", "Difficulté en français à l'oral"},
      {"la_ecrit", "maitrise_langue", "Difficulté en français à l'écrit"},
      {"la_calcul", "maitrise_langue", "Difficultés en calcul"},
      {"la_fle", "maitrise_langue", "FLE : non maîtrise ou en cours d'apprentissage"},
      {"mo_aucun", "mobilite", "Aucun moyen de transport"},
      {"mo_autres_permis", "mobilite", "Autres permis (PL, bus…)"},
      {"mo_covoiturage", "mobilite", "Co-voiturage"},
      {"mo_code", "mobilite", "Code obtenu"},
      {"mo_tc", "mobilite", "Dépendant des transports en commun"},
      {"mo_permis_b", "mobilite", "Permis B"},
      {"mo_en_cours", "mobilite", "Permis et/ou code en cours"},
      {"mo_non_valide", "mobilite", "Permis non valide / suspension"},
      {"mo_etranger", "mobilite", "Permis étranger (hors EEE)"},
      {"mo_vehicule", "mobilite", "Véhicule"},
      {"mo_vsp", "mobilite", "Véhicule sans permis"},
      {"mo_velo", "mobilite", "Vélo ou trottinette électrique"},
      {"mo_sante", "mobilite", "État de santé incompatible avec la conduite"},
      {"nu_messagerie", "numerique", "Absence d'adresse ou d'utilisation de messagerie"},
      {"nu_connexion_autre", "numerique", "Absence de connexion (autre motif)"},
      {"nu_connexion_refus", "numerique", "Absence de connexion (refus)"},
      {"nu_zone_blanche", "numerique", "Absence de connexion (zone blanche)"},
      {"nu_mobilite", "numerique", "Absence de mobilité pour accéder à un espace numérique"},
      {"nu_equipement", "numerique", "Absence d'équipement"},
      {"nu_demarches", "numerique", "Difficulté à réaliser des démarches en ligne"},
      {"nu_ordinateur", "numerique", "Dispose d'un ordinateur"},
      {"nu_smartphone", "numerique", "Dispose d'un smartphone"},
      {"nu_tablette", "numerique", "Dispose d'une tablette"},
      {"nu_difficulte", "numerique", "En difficulté sur le numérique (Pix emploi < 50 %)"},
      {"sa_couverture", "sante", "Couverture sociale / mutuelle à mettre à jour"},
      {"sa_acces", "sante", "Difficulté d'accès à un professionnel de santé"},
      {"sa_absences", "sante", "Difficulté de santé entraînant des absences régulières"},
      {"sa_metiers", "sante", "Difficulté de santé entravant l'exercice de certains métiers"},
      {"sa_reprise", "sante",
       "Difficulté de santé ne permettant pas de reprendre une activité immédiate"},
      {"sa_plus_exercer", "sante", "Difficulté de santé ne permettant plus d'exercer"},
      {"sa_sans_entrave", "sante", "Difficulté de santé n'entravant pas la reprise"},
      {"sa_mdph", "sante", "Existence d'un dossier MDPH"},
  };
  return s;
}

const std::vector<Entry>& education_levels() {
  static const std::vector<Entry> e = {{"AFS", "Aucune formation scolaire"},
                                       {"CP4", "Primaire à 4ème"},
                                       {"CFG", "4ème achevée"},
                                       {"C3A", "BEPC ou 3ème achevée"},
                                       {"C12", "2nd ou 1ère achevée"},
                                       {"NV5", "CAP, BEP ou équivalent"},
                                       {"NV4", "Bac ou équivalent"},
                                       {"NV3", "Bac+2"},
                                       {"NV2", "Bac+3 ou Bac+4"},
                                       {"NV1", "Bac+5 et plus"}};
  return e;
}

const std::vector<Entry>& work_situations() {
  static const std::vector<Entry> e = {{"recherche_emploi", "En recherche d'emploi"},
                                       {"recherche_formation", "En recherche de formation"},
                                       {"recherche_alternance", "En recherche d'alternance"},
                                       {"recherche_stage", "En recherche de stage"},
                                       {"emploi", "En emploi"},
                                       {"formation", "En formation"},
                                       {"stage", "En stage"},
                                       {"alternance", "En alternance"},
                                       {"service_civique", "En service civique"},
                                       {"iae", "En IAE"},
                                       {"interim", "En intérim"},
                                       {"construction_projet", "En construction de projet"},
                                       {"projet_entrepreneurial", "En projet entrepreneurial"},
                                       {"entrepreneur", "Entrepreneur"},
                                       {"etudiant", "Étudiant"},
                                       {"scolarise", "Scolarisé"},
                                       {"retraite", "En retraite / pré-retraite"},
                                       {"longue_maladie", "Longue maladie"},
                                       {"invalidite", "En invalidité de travail"},
                                       {"conge_parental", "Congé parental"},
                                       {"au_foyer", "Au foyer"},
                                       {"aidant", "Aidant(e) familial(e)"},
                                       {"autre", "Autre"}};
  return e;
}

const std::vector<Entry>& contract_kinds() {
  static const std::vector<Entry> e = {{"cer", "CER (contrat d'engagement réciproque)"},
                                       {"ppae", "PPAE (projet personnalisé d'accès à l'emploi)"},
                                       {"cej", "CEJ (contrat d'engagement jeune)"},
                                       {"pacea", "PACEA"},
                                       {"siae", "Contrat SIAE / CDDI"},
                                       {"autre", "Autre contrat"},
                                       {"aucun", "Aucun"}};
  return e;
}

const std::vector<Entry>& health_kinds() {
  static const std::vector<Entry> e = {
      {"rqth", "RQTH"}, {"mdph", "Dossier MDPH"}, {"situation", "Situation de santé"}};
  return e;
}

const std::vector<Entry>& rights() {
  static const std::vector<Entry> e = {{"rsa", "RSA"},
                                       {"ass", "ASS"},
                                       {"aah", "AAH"},
                                       {"are", "ARE (allocation chômage)"},
                                       {"prime_activite", "Prime d'activité"}};
  return e;
}

const std::vector<Entry>& prescriber_kinds() {
  static const std::vector<Entry> e = {{"afpa", "AFPA"},
                                       {"ase", "ASE"},
                                       {"orienteur", "Orienteur"},
                                       {"caarud", "CAARUD"},
                                       {"cada", "CADA"},
                                       {"caf", "CAF"},
                                       {"cap_emploi", "Cap emploi"},
                                       {"cava", "CAVA"},
                                       {"ccas", "CCAS / CIAS"},
                                       {"chrs", "CHRS"},
                                       {"chu", "CHU"},
                                       {"cidff", "CIDFF"},
                                       {"cph", "CPH"},
                                       {"csapa", "CSAPA"},
                                       {"e2c", "E2C"},
                                       {"epide", "EPIDE"},
                                       {"france_travail", "France Travail"},
                                       {"huda", "HUDA"},
                                       {"mission_locale", "Mission locale"},
                                       {"msa", "MSA"},
                                       {"oacas", "OACAS"},
                                       {"oil", "OIL"},
                                       {"odc", "ODC (délégataire du CD)"},
                                       {"ohpd", "OHPD"},
                                       {"ocasf", "OCASF"},
                                       {"pension_famille", "Pension de famille"},
                                       {"pij_bij", "PIJ-BIJ"},
                                       {"pjj", "PJJ"},
                                       {"plie", "PLIE"},
                                       {"residence_sociale", "Résidence sociale / FJT"},
                                       {"prevention", "Prévention"},
                                       {"service_social_cd", "Service social du département"},
                                       {"spip", "SPIP"},
                                       {"candidature_spontanee", "Candidature spontanée"},
                                       {"employeur", "Employeur"},
                                       {"autre", "Autre"}};
  return e;
}

const std::vector<Entry>& schemes() {
  static const std::vector<Entry> e = {{"iae", "Insertion par l'activité économique"},
                                       {"plie", "PLIE"},
                                       {"rsa", "Accompagnement RSA"},
                                       {"cej", "Contrat d'engagement jeune"},
                                       {"pacea", "PACEA"},
                                       {"fse", "Action cofinancée FSE+"},
                                       {"autre", "Autre dispositif"}};
  return e;
}

const std::vector<Entry>& civilities() {
  static const std::vector<Entry> e = {{"mme", "Madame"}, {"m", "Monsieur"}, {"nd", "Non précisé"}};
  return e;
}

const std::vector<Entry>& statuses() {
  static const std::vector<Entry> e = {{"en_attente", "En attente d'entrée"},
                                       {"en_cours", "En accompagnement"},
                                       {"suspendu", "Suspendu"},
                                       {"sorti", "Sorti"}};
  return e;
}

const std::vector<Entry>& driving_licences() {
  static const std::vector<Entry> e = {{"b", "Permis B"},      {"a", "Permis A"},
                                       {"c", "Permis C (PL)"}, {"d", "Permis D (bus)"},
                                       {"be", "Permis BE"},    {"caces", "CACES"}};
  return e;
}

const std::vector<Entry>& transport_means() {
  static const std::vector<Entry> e = {
      {"voiture", "Voiture personnelle"}, {"deux_roues", "Deux-roues motorisé"},
      {"velo", "Vélo ou trottinette"},    {"transports_commun", "Transports en commun"},
      {"covoiturage", "Covoiturage"},     {"marche", "À pied"}};
  return e;
}

const std::vector<Entry>& wanted_contracts() {
  static const std::vector<Entry> e = {{"cdi", "CDI"},
                                       {"cdd", "CDD"},
                                       {"interim", "Intérim"},
                                       {"alternance", "Alternance"},
                                       {"cddi", "CDDI (SIAE)"},
                                       {"saisonnier", "Saisonnier"},
                                       {"independant", "Indépendant"}};
  return e;
}

const std::vector<Entry>& working_times() {
  static const std::vector<Entry> e = {{"temps_plein", "Temps plein"},
                                       {"temps_partiel", "Temps partiel"},
                                       {"indifferent", "Indifférent"}};
  return e;
}

const std::vector<Entry>& pro_statuses() {
  static const std::vector<Entry> e = {
      {"point_appui", "Point d'appui"}, {"besoin", "Besoin"}, {"non_explore", "Non exploré"}};
  return e;
}

const std::vector<Entry>& severities() {
  static const std::vector<Entry> e = {{"1", "Léger"}, {"2", "Important"}, {"3", "Bloquant"}};
  return e;
}

const Theme* find_theme(std::string_view code) {
  for (const auto& t : themes()) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

bool is_health_item(std::string_view theme, std::string_view item) {
  return theme == "sante" || item == "mo_sante" || item == "cf_sante_enfant";
}

const Situation* find_situation(std::string_view code) {
  for (const auto& s : situations()) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

}  // namespace jalon::beneficiaries
