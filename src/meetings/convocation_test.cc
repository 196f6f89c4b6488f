#include "meetings/convocation.h"

#include <doctest/doctest.h>

using namespace jalon::meetings;

namespace {
ConvocationFacts facts() {
  ConvocationFacts f;
  f.civility = "mme";
  f.first_name = "Alix";
  f.last_name = "Morel";
  f.starts_at = 1'795'531'800'000;  // 2026-11-24T14:50:00Z = 15:50 in Paris
  f.duration_min = 45;
  f.kind = "accueil";
  f.mode = "sur_place";
  f.place = "12 rue des Tanneurs, 38500 Voiron";
  f.counselor_name = "Camille Conseil";
  f.structure_name = "ACI Les Jardins";
  f.zone = "Europe/Paris";
  f.today = 1'795'000'000'000;  // 2026-11-18
  return f;
}
}  // namespace

TEST_CASE("a convocation letter and e-mail from the template of the kind and mode") {
  auto c = make_convocation(facts());
  CHECK(c.subject == "Convocation à un rendez-vous le mardi 24 novembre 2026 à 15 h 50");
  CHECK(c.recipient == "Madame Alix Morel");
  CHECK(c.salutation == "Madame,");
  CHECK(c.dated == "Le mercredi 18 novembre 2026");
  REQUIRE(c.paragraphs.size() == 4);
  CHECK(c.paragraphs[0].find("premier entretien d'accueil") != std::string::npos);
  CHECK(c.paragraphs[0].find("(durée prévue : 45 minutes), avec Camille Conseil.") !=
        std::string::npos);
  CHECK(c.paragraphs[1] ==
        "Le rendez-vous aura lieu à l'adresse suivante : 12 rue des Tanneurs, 38500 Voiron.");
  CHECK(c.paragraphs[2].find("pièce d'identité") != std::string::npos);
  std::string mail = c.email_body();
  CHECK(mail.rfind("Bonjour Madame Alix Morel,\n\nNous vous invitons", 0) == 0);
  CHECK(mail.find("Camille Conseil\nACI Les Jardins\n") != std::string::npos);
}

TEST_CASE("convocation: phone and video and tripartite wordings with an unknown civility") {
  auto f = facts();
  f.civility = "nd";
  f.mode = "telephone";
  f.kind = "tripartite";
  f.partner_kind = "employeur";
  f.partner_name = "Maraîchers du Grésivaudan";
  f.duration_min = 90;
  auto c = make_convocation(f);
  CHECK(c.recipient == "Alix Morel");
  CHECK(c.salutation == "Madame, Monsieur,");
  CHECK(c.paragraphs[0].find("une rencontre avec Maraîchers du Grésivaudan (employeur)") !=
        std::string::npos);
  CHECK(c.paragraphs[0].find("1 h 30") != std::string::npos);
  CHECK(c.paragraphs[1].find("par téléphone : Camille Conseil vous appellera") !=
        std::string::npos);
  f.mode = "visio";
  f.place = "";
  CHECK(make_convocation(f).paragraphs[1].find("vous sera communiqué") != std::string::npos);
  CHECK(duration_text(60) == "1 heure");
  CHECK(duration_text(120) == "2 heures");
  CHECK(duration_text(65) == "1 h 05");
}
