#include "beneficiaries/referentials.h"

#include <algorithm>

namespace jalon::beneficiaries {

const std::vector<Theme>& themes() {
  static const std::vector<Theme> t = {
      {"logement", "Logement", 0},
      {"emploi", "Emploi", 0},
      {"formation", "Formation", 0},
      {"difficulte_administrative", "Difficultés administratives", 0},
      {"difficulte_financiere", "Difficultés financières", 0},
      {"mobilite", "Mobilité", 0},
      {"sante", "Santé", 0},
      {"contraintes_familiales", "Contraintes familiales", 0},
      {"maitrise_langue", "Maîtrise de la langue", 0},
      {"numerique", "Numérique", 0},
      {"choisir_un_metier", "Choisir un métier", kProfessional},
      {"se_former", "Se former", kProfessional},
      {"preparer_sa_candidature", "Préparer sa candidature", kProfessional},
      {"trouver_un_emploi", "Trouver un emploi", kProfessional},
      {"creer_une_entreprise", "Créer une entreprise", kProfessional},
      {"s_ouvrir_a_l_international", "S'ouvrir à l'international", kProfessional},
  };
  return t;
}

const std::vector<Situation>& situations() {
  static const std::vector<Situation> s = {
      {"cf_aidant", "Aidant familial", 0, "contraintes_familiales"},
      {"cf_enceinte", "Attend un enfant ou plus", 0, "contraintes_familiales"},
      {"cf_autres", "Autres contraintes familiales", 0, "contraintes_familiales"},
      {"cf_horaires", "Contrainte horaires", 0, "contraintes_familiales"},
      {"cf_garde", "Enfant(s) de moins de 3 ans sans solution de garde", 0,
       "contraintes_familiales"},
      {"cf_enfant_handicap", "Enfant(s) en situation de handicap", 0, "contraintes_familiales"},
      {"cf_sante_enfant", "Problématique de santé d'un enfant", 0, "contraintes_familiales"},
      {"da_acces_droits", "Besoin d'être guidé dans le cadre d'un accès aux droits", 0,
       "difficulte_administrative"},
      {"da_juridique", "Difficulté d'ordre juridique", 0, "difficulte_administrative"},
      {"da_imposition", "Difficulté liée à son avis d'imposition", 0, "difficulte_administrative"},
      {"da_identite", "Difficulté liée à un justificatif d'identité / titre de séjour", 0,
       "difficulte_administrative"},
      {"da_demarche", "Difficulté liée à une démarche administrative", 0,
       "difficulte_administrative"},
      {"df_baisse", "Baisse des ressources", 0, "difficulte_financiere"},
      {"df_alimentaire", "Besoin d'un soutien alimentaire", 0, "difficulte_financiere"},
      {"df_budget", "Difficulté dans la gestion d'un budget", 0, "difficulte_financiere"},
      {"df_surendettement", "En situation de surendettement", 0, "difficulte_financiere"},
      {"df_precaires", "Ressources précaires (inférieures au seuil de pauvreté)", 0,
       "difficulte_financiere"},
      {"df_sans_ressource", "Sans aucune ressource", 0, "difficulte_financiere"},
      {"em_independant", "Autoentrepreneur / travailleur indépendant / conjoint collaborateur", 0,
       "emploi"},
      {"em_dispo", "Disponible immédiatement", 0, "emploi"},
      {"em_temps_partiel", "Disponible à temps partiel", 0, "emploi"},
      {"em_projet_entreprise", "En projet d'entreprise", 0, "emploi"},
      {"em_indisponible", "Indisponible dans l'immédiat", 0, "emploi"},
      {"em_inscrit_ft", "Inscrit à France Travail", 0, "emploi"},
      {"em_jamais", "Jamais travaillé", 0, "emploi"},
      {"em_moins_6m", "Moins de 6 mois sans emploi", 0, "emploi"},
      {"em_plus_6m", "Plus de 6 mois sans emploi", 0, "emploi"},
      {"em_plus_1a", "Plus d'1 an sans emploi", 0, "emploi"},
      {"em_plus_2a", "Plus de 2 ans sans emploi", 0, "emploi"},
      {"em_plus_5a", "Plus de 5 ans sans emploi", 0, "emploi"},
      {"em_plus_10a", "Plus de 10 ans sans emploi", 0, "emploi"},
      {"em_pret_formation", "Prêt à suivre une formation", 0, "emploi"},
      {"em_pret_accompagne", "Prêt pour un emploi avec formations / accompagnement", 0, "emploi"},
      {"fo_identifiee", "A déjà identifié une formation", 0, "formation"},
      {"fo_refus", "Ne souhaite pas suivre une formation", 0, "formation"},
      {"fo_accompagnee", "Prêt pour une formation avec un accompagnement", 0, "formation"},
      {"fo_pret", "Prêt à suivre une formation", 0, "formation"},
      {"lo_autre", "Autre type de logement (hôtel…)", 0, "logement"},
      {"lo_adapter", "Besoin d'adapter le logement", 0, "logement"},
      {"lo_loyer", "Difficulté à payer le loyer", 0, "logement"},
      {"lo_quitter", "Doit quitter le logement (expulsion…)", 0, "logement"},
      {"lo_mobile", "Habitat mobile", 0, "logement"},
      {"lo_collectif", "Hébergement collectif (CHRS, CHU, CPH, CADA…)", 0, "logement"},
      {"lo_parental", "Hébergé au domicile parental", 0, "logement"},
      {"lo_tiers", "Hébergé chez un tiers", 0, "logement"},
      {"lo_prive", "Locataire du parc privé", 0, "logement"},
      {"lo_social", "Locataire du parc social", 0, "logement"},
      {"lo_insalubre", "Logement insalubre", 0, "logement"},
      {"lo_proprietaire", "Propriétaire", 0, "logement"},
      {"lo_sans", "Sans hébergement / rupture effective de logement", 0, "logement"},
      {"lo_rural", "Territoire rural isolé", 0, "logement"},
      {"la_lecture", "Difficulté en français en lecture", 0, "maitrise_langue"},
      {"la_oral", "Difficulté en français à l'oral", 0, "maitrise_langue"},
      {"la_ecrit", "Difficulté en français à l'écrit", 0, "maitrise_langue"},
      {"la_calcul", "Difficultés en calcul", 0, "maitrise_langue"},
      {"la_fle", "FLE : non maîtrise ou en cours d'apprentissage", 0, "maitrise_langue"},
      {"mo_aucun", "Aucun moyen de transport", 0, "mobilite"},
      {"mo_autres_permis", "Autres permis (PL, bus…)", 0, "mobilite"},
      {"mo_covoiturage", "Co-voiturage", 0, "mobilite"},
      {"mo_code", "Code obtenu", 0, "mobilite"},
      {"mo_tc", "Dépendant des transports en commun", 0, "mobilite"},
      {"mo_permis_b", "Permis B", 0, "mobilite"},
      {"mo_en_cours", "Permis et/ou code en cours", 0, "mobilite"},
      {"mo_non_valide", "Permis non valide / suspension", 0, "mobilite"},
      {"mo_etranger", "Permis étranger (hors EEE)", 0, "mobilite"},
      {"mo_vehicule", "Véhicule", 0, "mobilite"},
      {"mo_vsp", "Véhicule sans permis", 0, "mobilite"},
      {"mo_velo", "Vélo ou trottinette électrique", 0, "mobilite"},
      {"mo_sante", "État de santé incompatible avec la conduite", 0, "mobilite"},
      {"nu_messagerie", "Absence d'adresse ou d'utilisation de messagerie", 0, "numerique"},
      {"nu_connexion_autre", "Absence de connexion (autre motif)", 0, "numerique"},
      {"nu_connexion_refus", "Absence de connexion (refus)", 0, "numerique"},
      {"nu_zone_blanche", "Absence de connexion (zone blanche)", 0, "numerique"},
      {"nu_mobilite", "Absence de mobilité pour accéder à un espace numérique", 0, "numerique"},
      {"nu_equipement", "Absence d'équipement", 0, "numerique"},
      {"nu_demarches", "Difficulté à réaliser des démarches en ligne", 0, "numerique"},
      {"nu_ordinateur", "Dispose d'un ordinateur", 0, "numerique"},
      {"nu_smartphone", "Dispose d'un smartphone", 0, "numerique"},
      {"nu_tablette", "Dispose d'une tablette", 0, "numerique"},
      {"nu_difficulte", "En difficulté sur le numérique (Pix emploi < 50 %)", 0, "numerique"},
      {"sa_couverture", "Couverture sociale / mutuelle à mettre à jour", 0, "sante"},
      {"sa_acces", "Difficulté d'accès à un professionnel de santé", 0, "sante"},
      {"sa_absences", "Difficulté de santé entraînant des absences régulières", 0, "sante"},
      {"sa_metiers", "Difficulté de santé entravant l'exercice de certains métiers", 0, "sante"},
      {"sa_reprise", "Difficulté de santé ne permettant pas de reprendre une activité immédiate", 0,
       "sante"},
      {"sa_plus_exercer", "Difficulté de santé ne permettant plus d'exercer", 0, "sante"},
      {"sa_sans_entrave", "Difficulté de santé n'entravant pas la reprise", 0, "sante"},
      {"sa_mdph", "Existence d'un dossier MDPH", 0, "sante"},
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
                                       {"suspendu", "En pause"},
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
