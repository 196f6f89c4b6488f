#include "meetings/convocation.h"

#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "meetings/referentials.h"

namespace jalon::meetings {
namespace {

std::string purpose(const ConvocationFacts& f) {
  if (f.kind == "accueil") {
    return "un premier entretien d'accueil, pour vous présenter l'accompagnement proposé et "
           "faire connaissance";
  }
  if (f.kind == "diagnostic") {
    return "un entretien de diagnostic, pour faire le point avec vous sur votre situation, vos "
           "besoins et vos atouts";
  }
  if (f.kind == "bilan") {
    return "un entretien de bilan, pour faire le point sur le chemin parcouru et sur la suite";
  }
  if (f.kind == "tripartite") {
    std::string who = f.partner_name.empty() ? std::string("un partenaire") : f.partner_name;
    if (f.partner_kind == "employeur") who += " (employeur)";
    return "une rencontre avec " + who + ", pour faire le point ensemble sur votre parcours";
  }
  return "un entretien de suivi de votre parcours";
}

std::string where(const ConvocationFacts& f) {
  if (f.mode == "telephone") {
    return "Ce rendez-vous aura lieu par téléphone : " + f.counselor_name +
           " vous appellera à l'heure indiquée.";
  }
  if (f.mode == "visio") {
    return f.place.empty()
               ? "Ce rendez-vous aura lieu en visioconférence ; le lien de connexion "
                 "vous sera communiqué avant le rendez-vous."
               : "Ce rendez-vous aura lieu en visioconférence, à l'adresse : " + f.place + ".";
  }
  return "Le rendez-vous aura lieu à l'adresse suivante : " + f.place + ".";
}

std::string documents(const ConvocationFacts& f) {
  if (f.kind == "accueil") {
    return "Pensez à avoir avec vous une pièce d'identité, vos attestations de droits (CAF, "
           "France Travail) et, si vous en avez un, votre CV.";
  }
  if (f.kind == "diagnostic") {
    return "Vous pouvez avoir avec vous tout document utile : CV, diplômes, attestations.";
  }
  if (f.kind == "bilan") {
    return "Pensez à avoir avec vous les documents de vos démarches en cours et, le cas échéant, "
           "vos attestations de formation ou contrats de travail.";
  }
  return "Pensez à avoir avec vous les documents de vos démarches en cours.";
}

std::string french_time(Millis t, const std::string& zone) {
  std::string hhmm = dates::local_hhmm(t, zone);
  return hhmm.substr(0, 2) + " h " + hhmm.substr(3, 2);
}

}  // namespace

std::string duration_text(int minutes) {
  if (minutes < 60) return std::to_string(minutes) + " minutes";
  int h = minutes / 60, m = minutes % 60;
  if (m == 0) return std::to_string(h) + (h == 1 ? " heure" : " heures");
  return std::to_string(h) + " h " + (m < 10 ? "0" : "") + std::to_string(m);
}

Convocation make_convocation(const ConvocationFacts& f) {
  Convocation c;
  std::string day = dates::french_long(dates::local_date(f.starts_at, f.zone));
  std::string time = french_time(f.starts_at, f.zone);
  bool known = f.civility == "mme" || f.civility == "m";
  std::string civ = known ? std::string(label_of(beneficiaries::civilities(), f.civility)) : "";
  c.subject = "Convocation à un rendez-vous le " + day + " à " + time;
  c.recipient = (known ? civ + " " : "") + f.first_name + " " + f.last_name;
  c.salutation = (known ? civ : std::string("Madame, Monsieur")) + ",";
  c.dated = "Le " + dates::french_long(dates::local_date(f.today, f.zone));
  c.paragraphs = {
      "Nous vous invitons à " + purpose(f) + ", le " + day + " à " + time +
          " (durée prévue : " + duration_text(f.duration_min) + "), avec " + f.counselor_name + ".",
      where(f),
      documents(f),
      "En cas d'empêchement, merci de prévenir " + f.counselor_name +
          " le plus tôt possible, afin de convenir d'un autre rendez-vous.",
  };
  c.letter_closing = "Nous vous prions d'agréer, " +
                     (known ? civ : std::string("Madame, Monsieur")) +
                     ", nos salutations distinguées.";
  c.signature_name = f.counselor_name;
  c.signature_structure = f.structure_name;
  return c;
}

std::string Convocation::email_body() const {
  std::string out = "Bonjour " + recipient + ",\n\n";
  for (const auto& p : paragraphs) out += p + "\n\n";
  out += "Bien cordialement,\n\n" + signature_name + "\n" + signature_structure + "\n";
  return out;
}

}  // namespace jalon::meetings
