#include "eligibility/criteria.h"

#include <date/date.h>

#include <algorithm>

namespace jalon::eligibility {

const std::vector<Criterion>& criteria() {
  static const std::vector<Criterion> c = {
      {"RSA", 1, "Bénéficiaire du RSA", "Attestation RSA"},
      {"ASS", 1, "Allocataire ASS", "Attestation ASS"},
      {"AAH", 1, "Allocataire AAH", "Attestation AAH"},
      {"DETLD", 1, "DETLD (+ 24 mois), inscrit à France Travail", "Attestation France Travail"},
      {"CAP_BEP", 2, "Niveau d'étude 3 (CAP, BEP) ou infra",
       "Diplôme et/ou attestation sur l'honneur"},
      {"SENIOR", 2, "Senior (+50 ans)", "Pièce d'identité"},
      {"JEUNE", 2, "Jeune (-26 ans)", "Pièce d'identité"},
      {"ASE", 2, "Sortant de l'ASE", "Attestation ASE"},
      {"DELD", 2, "DELD (12-24 mois)", "Attestation France Travail"},
      {"TH", 2, "Travailleur handicapé", "Attestation RQTH"},
      {"PI", 2, "Parent isolé", "Attestation CAF"},
      {"PSH_PR", 2, "Personne sans hébergement ou hébergée ou ayant un parcours de rue",
       "Certificat de domiciliation / déclaration d'un travailleur social"},
      {"REF_DA", 2,
       "Réfugié statutaire, protection temporaire, protégé subsidiaire ou demandeur d'asile",
       "Titre de séjour / autorisation de travail"},
      {"ZRR", 2, "Résident ZRR/ZFRR", "Justificatif de domicile"},
      {"QPV", 2, "Résident QPV", "Justificatif de domicile"},
      {"DETENTION_MJ", 2, "Sortant de détention ou personne placée sous main de justice",
       "Billet de sortie / attestation JAP"},
      {"FLE", 2, "Maîtrise de la langue française inférieure au niveau A1", "Évaluation FLE < A1"},
      {"PM", 2, "Problème de mobilité", "Diagnostic mobilité délivré par un prescripteur habilité"},
  };
  return c;
}

const Criterion* find_criterion(std::string_view code) {
  for (const auto& c : criteria()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const referential::List& siae_kinds() {
  static const referential::List k = {
      {"aci", "Atelier et chantier d'insertion"},
      {"ei", "Entreprise d'insertion"},
      {"eiti", "Entreprise d'insertion par le travail indépendant"},
      {"ai", "Association intermédiaire", kTwoLevel2},
      {"etti", "Entreprise de travail temporaire d'insertion", kTwoLevel2},
  };
  return k;
}

bool known_siae_kind(std::string_view k) {
  return referential::has_code(siae_kinds(), k);
}

const referential::List& author_kinds() {
  static const referential::List k = {
      {"prescriber", "Un prescripteur habilité (valable 6 mois)"},
      {"employer", "L'employeur (valable 92 jours)"},
  };
  return k;
}

std::string_view author_label(std::string_view author_kind) {
  return author_kind == "employer" ? "Employeur (92 jours)" : "Prescripteur (6 mois)";
}

const referential::List& proof_statuses() {
  static const referential::List k = {
      {"a_fournir", "À fournir"}, {"fourni", "Fourni"}, {"verifie", "Vérifié"}};
  return k;
}

std::string siae_label(std::string_view k) {
  std::string s(k);
  std::transform(s.begin(), s.end(), s.begin(), ::toupper);
  return s;
}

Verdict evaluate(std::string_view kind, const std::vector<std::string>& codes) {
  Verdict v;
  const referential::Code* k = referential::find(siae_kinds(), kind);
  v.level2_required = k && (k->flags & kTwoLevel2) ? 2 : 3;
  std::vector<std::string_view> l1, l2;
  for (const auto& code : codes) {
    const Criterion* c = find_criterion(code);
    if (!c) continue;
    (c->level == 1 ? l1 : l2).push_back(c->label);
  }
  v.level1 = static_cast<int>(l1.size());
  v.level2 = static_cast<int>(l2.size());
  std::string siae = siae_label(kind);
  auto quoted = [](const std::vector<std::string_view>& labels) {
    std::string s;
    for (size_t i = 0; i < labels.size(); ++i) {
      s += (i == 0                   ? "« "
            : i + 1 == labels.size() ? " et « "
                                     : ", « ") +
           std::string(labels[i]) + " »";
    }
    return s;
  };
  if (v.level1 > 0) {
    v.eligible = true;
    v.explanation = "Éligible " + siae + " : critère de niveau 1 " + quoted(l1) + ".";
  } else if (v.level2 >= v.level2_required) {
    v.eligible = true;
    v.explanation = "Éligible " + siae + " : " + std::to_string(v.level2) +
                    " critères de niveau 2 (" + std::to_string(v.level2_required) +
                    " requis) : " + quoted(l2) + ".";
  } else {
    v.explanation = "Non éligible " + siae + " : aucun critère de niveau 1 et " +
                    std::to_string(v.level2) + " critère" + (v.level2 > 1 ? "s" : "") +
                    " de niveau 2 sur les " + std::to_string(v.level2_required) + " requis" +
                    (l2.empty() ? "" : " (" + quoted(l2) + ")") + ".";
  }
  return v;
}

dates::Date valid_until(Author author, dates::Date made_on) {
  date::sys_days d{date::days{made_on.days}};
  if (author == Author::kEmployer) {
    return {made_on.days + 92 - 1};
  }
  date::year_month_day ymd{d};
  auto plus = ymd + date::months{6};
  if (!plus.ok()) plus = plus.year() / plus.month() / date::last;
  return {static_cast<int>(date::sys_days{plus}.time_since_epoch().count()) - 1};
}

}  // namespace jalon::eligibility
