#include "demo/catalogue.h"

namespace jalon::demo {

const std::vector<const char*> kWomenFirstNames = {
    "Camille", "Léa",   "Manon",    "Chloé",    "Inès",    "Sarah",  "Emma",  "Julie",
    "Nadia",   "Fatou", "Amina",    "Sophie",   "Aurélie", "Céline", "Laura", "Mélanie",
    "Yasmine", "Aïcha", "Sandrine", "Nathalie", "Élodie",  "Karima"};
const std::vector<const char*> kMenFirstNames = {
    "Lucas",   "Hugo",   "Thomas",  "Nicolas",   "Mehdi", "Karim",  "Julien",  "Kevin",
    "Mamadou", "Yanis",  "Antoine", "Sébastien", "David", "Rachid", "Olivier", "Loïc",
    "Moussa",  "Jérôme", "Benoît",  "Samir",     "Théo",  "Dylan"};
const std::vector<const char*> kSurnames = {
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",   "Richard", "Petit",    "Durand",
    "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefebvre", "Michel",  "Garcia",   "David",
    "Bertrand", "Roux",    "Vincent", "Fournier", "Morel",    "Girard",  "André",    "Mercier",
    "Dupont",   "Lambert", "Bonnet",  "François", "Martinez", "Legrand", "Garnier",  "Faure",
    "Rousseau", "Blanc",   "Guerin",  "Muller",   "Henry",    "Roussel", "Nicolas",  "Perrin",
    "Morin",    "Mathieu", "Clément", "Gauthier", "Dumont",   "Lopez",   "Fontaine", "Chevalier",
    "Robin",    "Masson",  "Sanchez", "Diallo",   "Benali",   "Traoré",  "Nguyen",   "Haddad",
    "Boyer",    "Giraud",  "Rey",     "Brun",     "Gaillard", "Barbier"};

const std::vector<Commune>& communes() {
  static const std::vector<Commune> c = {{"38563", "Voiron", 30},
                                         {"38239", "Moirans", 10},
                                         {"38565", "Voreppe", 10},
                                         {"38133", "Coublevie", 6},
                                         {"38337", "Rives", 8},
                                         {"38517", "Tullins", 8},
                                         {"38061", "La Buisse", 4},
                                         {"38400", "Saint-Jean-de-Moirans", 4},
                                         {"38332", "Renage", 4},
                                         {"38559", "Vinay", 5},
                                         {"38105", "Chirens", 3},
                                         {"38013", "Apprieu", 3},
                                         {"38383", "Saint-Étienne-de-Crossey", 3},
                                         {"38331", "Réaumont", 2}};
  return c;
}

// The ROME v4 appellation codes (data/rome, v347) of the jobs an ACI's public around Voiron
// commonly targets, grouped by the experience that makes them believable.
const std::vector<JobFamily>& job_families() {
  static const std::vector<JobFamily> f = {
      {"Expérience en espaces verts (tonte, taille de haies) ; aime le travail en extérieur.",
       {"16068", "17475", "16069"},  // jardinier d'espaces verts, ouvrier d'entretien, paysagiste
       "Paysages du Voironnais (entreprise fictive)",
       false},
      {"A travaillé au maraîchage du chantier ; connaît les cultures de saison et la vente au "
       "marché.",
       {"17506", "16067", "14779"},  // ouvrier maraîcher, jardinier, employé de rayon
       "Les Vergers de la Morge (entreprise fictive)",
       false},
      {"Expérience de manutention en entrepôt ; rigoureux, CACES 1 à passer.",
       {"17993", "16361", "11679", "16276"},  // préparateur, manutentionnaire, cariste, magasinier
       "Logistique Centr'Alpes (entreprise fictive)",
       false},
      {"A fait du nettoyage de bureaux en intérim ; ponctuelle et soigneuse.",
       {"10571", "10686",
        "14775"},  // propreté de locaux, nettoyage en collectivité, ménage d'hôtel
       "Net'Isère Services (entreprise fictive)",
       false},
      {"Expérience en cuisine collective ; connaît les règles d'hygiène (HACCP).",
       {"14813", "17846", "12758", "13861"},  // employé polyvalent, plongeur, commis, cuisinier
       "Restaurant inter-entreprises de Centr'Alp (fictif)",
       false},
      {"Expérience de caisse et de mise en rayon ; à l'aise avec la clientèle.",
       {"14778", "11640", "20540"},  // employé de rayon, caissier, vendeur en alimentation
       "Supérette du Grand Voiron (entreprise fictive)",
       false},
      {"A accompagné un parent âgé pendant trois ans ; patiente, à l'écoute.",
       {"10805", "11453", "14774"},  // aide à domicile, auxiliaire de vie, employé de ménage
       "Association d'aide à domicile du Voironnais (fictive)",
       false},
      {"Expérience sur des chantiers de rénovation ; sait lire un plan simple.",
       {"10879", "17619", "16250"},  // aide-maçon, peintre en bâtiment, maçon
       "Bâtir Chartreuse (entreprise fictive)",
       false},
      {"Bénévole dans une ressourcerie : tri, petites réparations, accueil des dépôts.",
       {"10638", "20503", "10432"},  // agent de tri, valoriste, agent de déchetterie
       "Ressourcerie des Alpes (association fictive)",
       false},
      {"Permis B depuis dix ans ; a livré pour une boulangerie.",
       {"11999", "16361"},  // chauffeur-livreur, manutentionnaire
       "Transports Guiers-Express (entreprise fictive)",
       true},
  };
  return f;
}

const std::vector<Need>& needs() {
  static const std::vector<Need> n = {
      {"mo_aucun",
       "mobilite",
       "mo_permis",
       {"mo_code", "mo_bourse_permis", "mo_auto_ecole"},
       "Auto-école sociale du Voironnais",
       "Permis B accompagné",
       "Pas de moyen de transport ; le permis ouvrirait les emplois en horaires décalés."},
      {"mo_tc",
       "mobilite",
       "mo_transport",
       {"mo_carte_solidaire", "mo_covoiturage"},
       "Plateforme mobilité du Pays Voironnais",
       "Conseil en mobilité",
       "Dépend des bus ; trouver une solution pour les prises de poste à 6 h."},
      {"mo_non_valide",
       "mobilite",
       "mo_point",
       {"mo_conseiller", "mo_aide"},
       "Plateforme mobilité du Pays Voironnais",
       "Diagnostic mobilité",
       "Permis suspendu ; faire le point sur les solutions en attendant sa restitution."},
      {"lo_tiers",
       "logement",
       "lo_acceder",
       {"lo_social", "lo_garantie"},
       "CCAS de Voiron",
       "Accompagnement logement",
       "Hébergé chez un ami depuis plusieurs mois ; demande de logement social à déposer."},
      {"lo_loyer",
       "logement",
       "lo_impayes",
       {"lo_fsl", "lo_apl"},
       "Maison du Département du Voironnais",
       "Fonds de solidarité logement",
       "Impayés de loyer depuis la fin des droits au chômage."},
      {"lo_sans",
       "logement",
       "lo_hebergement",
       {"lo_siao", "lo_115"},
       "SIAO de l'Isère",
       "Hébergement d'urgence et d'insertion",
       "Sans solution d'hébergement stable depuis la séparation."},
      {"df_budget",
       "difficulte_financiere",
       "df_gestion",
       {"df_pcb", "df_aeb"},
       "Point conseil budget du Voironnais",
       "Rendez-vous budget",
       "Souhaite reprendre la main sur son budget avant l'entrée en emploi."},
      {"df_surendettement",
       "difficulte_financiere",
       "df_endettement",
       {"df_surendettement", "df_apurement"},
       "Point conseil budget du Voironnais",
       "Dossier de surendettement",
       "Plusieurs crédits à la consommation en retard."},
      {"df_alimentaire",
       "difficulte_financiere",
       "df_prevenir",
       {"df_alimentaire", "df_aide_ccas"},
       "Épicerie solidaire de Voiron",
       "Aide alimentaire",
       "Reste à vivre très faible en attendant le premier salaire."},
      {"da_demarche",
       "difficulte_administrative",
       "da_demarches",
       {"da_caf", "da_prime"},
       "Maison France Services de Voiron",
       "Accompagnement aux démarches",
       "Dossier CAF à mettre à jour ; droits à la prime d'activité à ouvrir."},
      {"da_identite",
       "difficulte_administrative",
       "da_droits",
       {"da_identite", "da_prefecture"},
       "Maison France Services de Voiron",
       "Titre de séjour et pièces d'identité",
       "Titre de séjour à renouveler avant la fin du contrat."},
      {"la_fle",
       "maitrise_langue",
       "ml_francais",
       {"ml_fle", "fo_fle"},
       "Centre social de Voiron",
       "Ateliers sociolinguistiques",
       "Comprend bien l'oral, besoin de progresser à l'écrit pour les consignes de sécurité."},
      {"la_ecrit",
       "maitrise_langue",
       "ml_francais",
       {"ml_savoirs", "fo_remise_niveau"},
       "GRETA Nord-Isère",
       "Savoirs de base",
       "Difficultés à l'écrit ; remise à niveau avant une formation qualifiante."},
      {"nu_difficulte",
       "numerique",
       "nu_fondamentaux",
       {"ml_numerique", "da_ecrivain"},
       "Médiathèque de Voiron",
       "Ateliers numériques",
       "Ne sait pas encore candidater en ligne ni consulter son espace France Travail."},
      {"cf_garde",
       "contraintes_familiales",
       "cf_garde",
       {"cf_garde"},
       "Relais petite enfance du Pays Voironnais",
       "Mode de garde",
       "Enfant de 2 ans sans solution de garde aux horaires du chantier."},
      {"cf_horaires",
       "contraintes_familiales",
       "cf_garde",
       {"cf_garde", "cf_sociabilisation"},
       "Relais petite enfance du Pays Voironnais",
       "Garde périscolaire",
       "Élève seul·e ses enfants ; horaires à concilier avec l'école."},
  };
  return n;
}

const std::vector<ProfessionalStep>& professional_steps() {
  static const std::vector<ProfessionalStep> p = {
      {"te_offres", {"em_cv", "em_pmsmp", "em_offre"}},
      {"cm_confirmer", {"em_enquetes", "em_pmsmp", "em_forum"}},
      {"pc_cv", {"em_cv", "em_lettre", "em_interim"}},
      {"te_spontanees", {"em_cv", "em_clauses", "em_offre"}},
      {"sf_trouver", {"em_enquetes", "fo_qualifiante", "fo_cpf"}},
  };
  return p;
}

const ReportLines& report_lines() {
  static const ReportLines r = {
      {"Retour sur les dernières semaines au chantier : assiduité correcte, bonne entente avec "
       "l'équipe.",
       "Point sur les démarches engagées depuis le dernier entretien et sur le planning.",
       "Échange sur le projet professionnel et sur les métiers découverts en immersion.",
       "Point sur la situation administrative et les justificatifs à fournir.",
       "Retour de l'encadrant technique : progrès sur l'autonomie et la sécurité."},
      {"Poursuivre les démarches engagées.", "Positionner la personne sur une immersion (PMSMP).",
       "Relancer le partenaire sur la demande en cours.",
       "Actualiser le CV avec l'expérience du chantier.", "Maintenir le rythme des entretiens."},
      {"Apporter les justificatifs demandés.", "Se présenter au rendez-vous du partenaire.",
       "Consulter les offres deux fois par semaine.", "Mettre à jour son espace France Travail."},
      {"Contacter le partenaire pour un rendez-vous.", "Préparer la convention d'immersion.",
       "Transmettre le dossier à la commission.", "Envoyer la convocation du prochain entretien."},
      {"Prochain entretien de suivi dans un mois.", "Bilan de l'immersion à son retour.",
       "Point d'étape avant le renouvellement du contrat."},
  };
  return r;
}

}  // namespace jalon::demo
