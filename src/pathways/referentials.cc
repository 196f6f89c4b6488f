#include "pathways/referentials.h"

namespace jalon::pathways {

// The objectives catalogue of carnet de bord (ref_target), 58 entries in 14 themes, as listed
// in peers-and-referentials.md §3; entries the document abbreviates ("Définir / Développer /
// Structurer son projet") are written out one per line.
const std::vector<CatalogueEntry>& objective_catalogue() {
  static const std::vector<CatalogueEntry> c = {
      {"cm_confirmer", "choisir_un_metier", "Confirmer son choix de métier"},
      {"cm_opportunites", "choisir_un_metier", "Connaître les opportunités d'emploi"},
      {"cm_decouvrir", "choisir_un_metier", "Découvrir un métier ou un secteur d'activité"},
      {"cm_competences", "choisir_un_metier", "Identifier ses points forts et ses compétences"},
      {"cf_dependant", "contraintes_familiales", "Prise en charge d'une personne dépendante"},
      {"cf_conflit", "contraintes_familiales", "Conflit familial / séparation"},
      {"cf_aidant", "contraintes_familiales", "Obtenir le statut d'aidant familial"},
      {"cf_isolement", "contraintes_familiales", "Rompre l'isolement"},
      {"cf_parentalite", "contraintes_familiales", "Difficultés éducatives / parentalité"},
      {"cf_garde", "contraintes_familiales", "Solutions de garde d'enfant"},
      {"ce_definir", "creer_une_entreprise", "Définir son projet de création d'entreprise"},
      {"ce_developper", "creer_une_entreprise", "Développer son projet de création d'entreprise"},
      {"ce_structurer", "creer_une_entreprise", "Structurer son projet de création d'entreprise"},
      {"da_citoyennete", "difficulte_administrative", "Accompagnement à l'accès à la citoyenneté"},
      {"da_mesure", "difficulte_administrative", "Mesure d'accompagnement adapté"},
      {"da_droits", "difficulte_administrative", "Accompagnement pour accéder aux droits"},
      {"da_demarches", "difficulte_administrative", "Appui aux démarches administratives"},
      {"da_discrimination", "difficulte_administrative",
       "Voies de recours face à une discrimination"},
      {"da_judiciaire", "difficulte_administrative",
       "Prendre en compte une problématique judiciaire"},
      {"df_autonomie", "difficulte_financiere", "Acquérir une autonomie budgétaire"},
      {"df_gestion", "difficulte_financiere", "Améliorer sa gestion budgétaire"},
      {"df_endettement", "difficulte_financiere", "Faire face à l'endettement / surendettement"},
      {"df_protection", "difficulte_financiere",
       "Mesure de protection financière (tutelle, curatelle)"},
      {"df_prevenir", "difficulte_financiere", "Prévenir une dégradation de sa situation"},
      {"lo_acceder", "logement", "Accéder à un logement"},
      {"lo_changer", "logement", "Changer de logement"},
      {"lo_hebergement", "logement", "Hébergement temporaire"},
      {"lo_impayes", "logement", "Réduire les impayés de loyer"},
      {"lo_informer", "logement", "S'informer sur les démarches"},
      {"lo_maintien", "logement", "Se maintenir dans le logement"},
      {"ml_calcul", "maitrise_langue", "Améliorer calcul"},
      {"ml_francais", "maitrise_langue", "Améliorer français"},
      {"mo_vehicule", "mobilite", "Accéder à un véhicule"},
      {"mo_entretien", "mobilite", "Entretenir / réparer son véhicule"},
      {"mo_point", "mobilite", "Faire un point complet sur sa mobilité"},
      {"mo_permis", "mobilite", "Obtenir le permis"},
      {"mo_psychologique", "mobilite", "Travailler la mobilité psychologique"},
      {"mo_transport", "mobilite", "Trouver une solution de transport"},
      {"nu_services", "numerique", "Accéder à des services en ligne"},
      {"nu_equipement", "numerique", "Accéder à un équipement"},
      {"nu_connexion", "numerique", "Accéder à une connexion"},
      {"nu_fondamentaux", "numerique", "Maîtriser les fondamentaux"},
      {"pc_reseau", "preparer_sa_candidature", "Développer son réseau"},
      {"pc_organiser", "preparer_sa_candidature", "Organiser ses démarches"},
      {"pc_cv", "preparer_sa_candidature", "Réaliser un CV / une lettre de motivation"},
      {"pc_valoriser", "preparer_sa_candidature", "Valoriser ses compétences"},
      {"in_opportunites", "s_ouvrir_a_l_international",
       "Connaître les opportunités d'emploi à l'étranger"},
      {"in_aides", "s_ouvrir_a_l_international",
       "Connaître les aides pour travailler à l'étranger"},
      {"in_retour", "s_ouvrir_a_l_international", "S'organiser au retour"},
      {"sa_droits", "sante", "Accès aux droits et/ou aux soins"},
      {"sa_mdph", "sante", "Dossier MDPH / invalidité"},
      {"sa_comportements", "sante", "Comportements de santé (dépendances, hygiène, dépistage)"},
      {"sf_dossier", "se_former", "Monter son dossier de formation"},
      {"sf_trouver", "se_former", "Trouver sa formation"},
      {"te_entretien", "trouver_un_emploi", "Convaincre en entretien"},
      {"te_spontanees", "trouver_un_emploi", "Candidatures spontanées"},
      {"te_offres", "trouver_un_emploi", "Répondre à des offres"},
      {"te_suivi", "trouver_un_emploi", "Suivre ses candidatures et relancer"},
  };
  return c;
}

// The actions catalogue, 120 entries. Source: the actions referential of Carnet de bord
// (table ref_action of gip-inclusion/carnet-de-bord, the SPIE's shared pathway notebook, final
// state 2024-02-29), as listed in peers-and-referentials.md §3. The "emploi" theme holds the 32
// actions the referential names there ("Inscription à Pôle emploi" under France Travail's
// current name); the 14 employment actions that earlier filled that theme up to 46 with
// plausible entries of our own were removed, since no published list vouches for them. The
// other themes keep their counts of that referential (formation 16, logement 12, mobilité 14,
// difficultés administratives 20, financières 10, santé 9, langue 4, contraintes familiales 3).
const std::vector<CatalogueEntry>& action_catalogue() {
  static const std::vector<CatalogueEntry> c = {
      // emploi (32)
      {"em_global", "emploi", "Accompagnement global"},
      {"em_offre", "emploi", "Candidater à une offre d'emploi"},
      {"em_rebond", "emploi", "Comité Rebond"},
      {"em_cec", "emploi", "Demande de CEC"},
      {"em_cie", "emploi", "Demande de CIE"},
      {"em_rqth", "emploi", "Évaluation RQTH"},
      {"em_interim", "emploi", "Inscription en agence d'intérim"},
      {"em_cap_emploi", "emploi", "Inscription à Cap emploi"},
      {"em_france_travail", "emploi", "Inscription à France Travail"},
      {"em_plie", "emploi", "Orientation PLIE"},
      {"em_prepa", "emploi", "Orientation Prépa-Compétences"},
      {"em_siae", "emploi", "Orientation SIAE"},
      {"em_aci", "emploi", "Orientation ACI"},
      {"em_ai_etti", "emploi", "Orientation AI / ETTI"},
      {"em_ei", "emploi", "Orientation EI"},
      {"em_geiq", "emploi", "Orientation GEIQ"},
      {"em_esat", "emploi", "Orientation ESAT"},
      {"em_mdph", "emploi", "Orientation MDPH"},
      {"em_entrepreneuriat", "emploi",
       "Orientation vers les partenaires de l'entrepreneuriat (CCI, ADIE)"},
      {"em_accelerer", "emploi", "Orientation vers un partenaire pour accélérer la mise en emploi"},
      {"em_definir", "emploi", "Orientation vers un partenaire pour définir le projet"},
      {"em_freins", "emploi", "Orientation vers un partenaire pour identifier et lever les freins"},
      {"em_tension", "emploi", "Orientation vers un partenaire sur les métiers en tension"},
      {"em_forum", "emploi", "Participer à un forum emploi"},
      {"em_clauses", "emploi", "Positionnement sur des clauses d'insertion"},
      {"em_enquetes", "emploi", "Réalisation d'enquêtes métiers"},
      {"em_service_civique", "emploi", "Réalisation d'un service civique"},
      {"em_stage", "emploi", "Réalisation d'un stage"},
      {"em_pmsmp", "emploi", "Réalisation d'une PMSMP (immersion)"},
      {"em_alternance", "emploi", "Recherche d'une alternance"},
      {"em_cv", "emploi", "Travailler son CV"},
      {"em_lettre", "emploi", "Travailler sa lettre de motivation"},
      // formation (16)
      {"fo_atelier_cv", "formation", "Atelier CV"},
      {"fo_integration", "formation", "Ateliers d'intégration"},
      {"fo_bilan", "formation", "Bilan de compétences"},
      {"fo_e2c", "formation", "École de la deuxième chance (E2C)"},
      {"fo_fle", "formation", "Formation FLE (français langue étrangère)"},
      {"fo_clea", "formation", "Certification Cléa"},
      {"fo_epide", "formation", "EPIDE"},
      {"fo_poec", "formation", "POEC (préparation opérationnelle à l'emploi collective)"},
      {"fo_certifiante", "formation", "Formation certifiante"},
      {"fo_qualifiante", "formation", "Formation qualifiante"},
      {"fo_prepa", "formation", "Prépa Compétences"},
      {"fo_prequalifiante", "formation", "Formation préqualifiante"},
      {"fo_cpf", "formation", "Mobiliser son compte personnel de formation (CPF)"},
      {"fo_vae", "formation", "Validation des acquis de l'expérience (VAE)"},
      {"fo_poei", "formation", "POEI (préparation opérationnelle à l'emploi individuelle)"},
      {"fo_remise_niveau", "formation", "Remise à niveau"},
      // logement (12)
      {"lo_115", "logement", "Appel au 115"},
      {"lo_daho", "logement", "Demande DAHO"},
      {"lo_dalo", "logement", "Demande DALO"},
      {"lo_fsl", "logement", "Demande FSL (fonds de solidarité logement)"},
      {"lo_siao", "logement", "Demande SIAO"},
      {"lo_social", "logement", "Demande de logement social"},
      {"lo_asll", "logement", "Accompagnement social lié au logement (ASLL)"},
      {"lo_expulsion", "logement", "Prévention de l'expulsion"},
      {"lo_apl", "logement", "Demande d'APL / ALS"},
      {"lo_energie", "logement", "Demande d'aide au paiement de l'énergie"},
      {"lo_prive", "logement", "Recherche d'un logement dans le parc privé"},
      {"lo_garantie", "logement", "Demande de garantie Visale / Loca-Pass"},
      // mobilite (14)
      {"mo_bourse_permis", "mobilite", "Bourse au permis"},
      {"mo_microcredit", "mobilite", "Microcrédit pour un véhicule"},
      {"mo_aide", "mobilite", "Demande d'aide à la mobilité"},
      {"mo_carte_transport", "mobilite", "Demande de carte de transport"},
      {"mo_carte_solidaire", "mobilite", "Carte solidaire de transport"},
      {"mo_cheques", "mobilite", "Chèques mobilité"},
      {"mo_auto_ecole", "mobilite", "Inscription en auto-école"},
      {"mo_covoiturage", "mobilite", "Co-voiturage"},
      {"mo_mise_disposition", "mobilite", "Mise à disposition d'un véhicule"},
      {"mo_tad", "mobilite", "Transport à la demande"},
      {"mo_garage", "mobilite", "Garage solidaire"},
      {"mo_conseiller", "mobilite", "Rendez-vous avec un conseiller en mobilité"},
      {"mo_location", "mobilite", "Location solidaire d'un deux-roues ou d'un véhicule"},
      {"mo_code", "mobilite", "Préparation au code de la route"},
      // difficulte_administrative (20)
      {"da_css", "difficulte_administrative", "Demande de complémentaire santé solidaire (CSS)"},
      {"da_masp", "difficulte_administrative", "Demande de MASP"},
      {"da_tutelle", "difficulte_administrative", "Demande de tutelle ou de curatelle"},
      {"da_ecrivain", "difficulte_administrative", "Écrivain public numérique"},
      {"da_dtr", "difficulte_administrative", "Déclaration trimestrielle de ressources (DTR)"},
      {"da_apa", "difficulte_administrative", "Demande d'APA"},
      {"da_pch", "difficulte_administrative", "Demande de PCH"},
      {"da_rsa", "difficulte_administrative", "Demande de RSA"},
      {"da_prime", "difficulte_administrative", "Demande de prime d'activité"},
      {"da_domiciliation", "difficulte_administrative", "Demande de domiciliation"},
      {"da_pension", "difficulte_administrative", "Demande de pension alimentaire"},
      {"da_caf", "difficulte_administrative", "Mise à jour du dossier CAF / MSA"},
      {"da_aide_juridictionnelle", "difficulte_administrative", "Demande d'aide juridictionnelle"},
      {"da_prefecture", "difficulte_administrative", "Démarche en préfecture (titre de séjour)"},
      {"da_identite", "difficulte_administrative", "Demande de pièces d'identité"},
      {"da_assurance_maladie", "difficulte_administrative",
       "Ouverture des droits à l'assurance maladie"},
      {"da_retraite", "difficulte_administrative", "Démarches de retraite"},
      {"da_impots", "difficulte_administrative", "Déclaration de revenus"},
      {"da_banque", "difficulte_administrative", "Ouverture d'un compte bancaire"},
      {"da_point_justice", "difficulte_administrative", "Rendez-vous en point justice"},
      // difficulte_financiere (10)
      {"df_alimentaire", "difficulte_financiere", "Demande d'aide alimentaire"},
      {"df_microcredit", "difficulte_financiere", "Demande de microcrédit personnel"},
      {"df_aide_cd", "difficulte_financiere", "Demande d'aide financière au Conseil départemental"},
      {"df_aide_ccas", "difficulte_financiere", "Demande d'aide financière au CCAS"},
      {"df_aide_caf", "difficulte_financiere", "Demande d'aide financière à la CAF"},
      {"df_faj", "difficulte_financiere", "Demande au Fonds d'aide aux jeunes (FAJ)"},
      {"df_surendettement", "difficulte_financiere", "Dossier de surendettement"},
      {"df_aeb", "difficulte_financiere", "Aide éducative budgétaire"},
      {"df_apurement", "difficulte_financiere", "Plan d'apurement des dettes"},
      {"df_pcb", "difficulte_financiere", "Rendez-vous en point conseil budget"},
      // sante (9)
      {"sa_mdph", "sante", "Constitution du dossier MDPH"},
      {"sa_invalidite", "sante", "Demande de pension d'invalidité"},
      {"sa_bilan", "sante", "Bilan de santé"},
      {"sa_psy", "sante", "Suivi psychologique"},
      {"sa_soutien", "sante", "Groupe de soutien"},
      {"sa_medecin", "sante", "Recherche d'un médecin traitant"},
      {"sa_addiction", "sante", "Orientation vers un CSAPA (addictions)"},
      {"sa_vitale", "sante", "Mise à jour de la carte Vitale"},
      {"sa_pass", "sante", "Accompagnement vers les soins (PASS, centre de santé)"},
      // maitrise_langue (4)
      {"ml_fle", "maitrise_langue", "Cours de FLE"},
      {"ml_savoirs", "maitrise_langue", "Savoirs de base"},
      {"ml_numerique", "maitrise_langue", "Compétences numériques de base"},
      {"ml_ofii", "maitrise_langue", "Heures de français OFII"},
      // contraintes_familiales (3)
      {"cf_garde", "contraintes_familiales", "Recherche d'un mode de garde"},
      {"cf_sociabilisation", "contraintes_familiales", "Action de sociabilisation"},
      {"cf_aidant", "contraintes_familiales", "Demande du statut d'aidant familial"},
  };
  return c;
}

const CatalogueEntry* find_entry(const std::vector<CatalogueEntry>& list, std::string_view code) {
  for (const auto& e : list) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

std::string_view theme_label(std::string_view code) {
  for (const auto& t : beneficiaries::themes()) {
    if (t.code == code) return t.label;
  }
  return {};
}

const std::vector<Entry>& contract_kinds() {
  static const std::vector<Entry> e = [] {
    std::vector<Entry> out;
    for (const auto& k : beneficiaries::contract_kinds()) {
      if (k.code != "aucun") out.push_back(k);
    }
    return out;
  }();
  return e;
}

const std::vector<Entry>& contract_statuses() {
  static const std::vector<Entry> e = {{"en_preparation", "En préparation"},
                                       {kContractActive, "En cours"},
                                       {"termine", "Terminé"},
                                       {"rompu", "Rompu"}};
  return e;
}

const std::vector<Entry>& objective_statuses() {
  static const std::vector<Entry> e = {
      {"en_cours", "En cours", kOpenStatus}, {"realise", "Réalisé"}, {"abandonne", "Abandonné"}};
  return e;
}

const std::vector<Entry>& action_statuses() {
  static const std::vector<Entry> e = {{"prevu", "Prévu", kOpenStatus},
                                       {"en_cours", "En cours", kOpenStatus},
                                       {"realise", "Réalisé"},
                                       {"abandonne", "Abandonné"},
                                       {"annule", "Annulé"},
                                       {"en_attente", "En attente", kOpenStatus}};
  return e;
}

const std::vector<Entry>& referral_statuses() {
  static const std::vector<Entry> e = {{kReferralPending, "En cours"},
                                       {"validee", "Validée"},
                                       {"refusee", "Refusée"},
                                       {"expiree", "Expirée"}};
  return e;
}

const std::vector<Entry>& timeline_kinds() {
  static const std::vector<Entry> e = {
      {"rendez_vous", "Rendez-vous"},  {"compte_rendu", "Comptes rendus"},
      {"diagnostic", "Diagnostics"},   {"contrat", "Contrats"},
      {"objectif", "Objectifs"},       {"action", "Actions"},
      {"orientation", "Orientations"}, {"atelier", "Ateliers"}};
  return e;
}

}  // namespace jalon::pathways
