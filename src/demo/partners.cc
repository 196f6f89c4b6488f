#include "demo/partners.h"

#include <vector>

#include "access/audit.h"
#include "access/keys.h"
#include "access/service.h"
#include "core/dates.h"
#include "partners/service.h"

namespace jalon::demo {
namespace {

struct OrgSpec {
  const char* name;
  const char* kind;
  const char* commune;
  const char* address;
  const char* email;
  const char* service;
  std::vector<std::string> themes, publics;
};

const std::vector<OrgSpec>& orgs() {
  static const std::vector<OrgSpec> list = {
      {"France Travail — agence de Voiron (démo)",
       "france-travail",
       "38563",
       "2 avenue des Demoiselles",
       "agence.voiron@partenaires.demo.test",
       "Accompagnement intensif vers l'emploi",
       {"trouver-un-emploi", "preparer-sa-candidature"},
       {"demandeurs-d-emploi"}},
      {"Mission locale du Pays Voironnais (démo)",
       "mission-locale",
       "38563",
       "11 rue Mainssieux",
       "contact@ml-voironnais.demo.test",
       "Accompagnement des 16–25 ans",
       {"trouver-un-emploi", "choisir-un-metier", "logement-hebergement"},
       {"jeunes"}},
      {"CCAS de Voiron (démo)",
       "ccas",
       "38563",
       "Place Jacques Antoine Gau",
       "ccas@voiron.demo.test",
       "Aide alimentaire et aides d'urgence",
       {"equipement-et-alimentation", "difficultes-financieres"},
       {"tous-publics"}},
      {"Auto-école sociale du Voironnais (démo)",
       "auto-ecole-sociale",
       "38239",
       "5 rue de la Gare",
       "permis@aes-voironnais.demo.test",
       "Permis B accompagné",
       {"mobilite"},
       {"demandeurs-d-emploi", "beneficiaires-des-minimas-sociaux"}},
      {"Halte-garderie Les Petits Pas (démo)",
       "garde-enfants",
       "38563",
       "8 rue Sermorens",
       "accueil@petitspas.demo.test",
       "Garde d'enfants pour reprise d'emploi",
       {"famille"},
       {"familles", "femmes"}},
  };
  return list;
}

access::Session counselor(store::Database& db, const std::string& structure_id) {
  auto tx = db.read();
  auto r = tx.query_one(
      "SELECT id, COALESCE(team_id, '') FROM users WHERE structure_id = ? AND role = "
      "'counselor' AND disabled_at IS NULL ORDER BY email LIMIT 1",
      {structure_id});
  tx.commit();
  access::Session s;
  if (!r) return s;
  s.user_id = r->text(0);
  s.team_id = r->text(1);
  s.structure_id = structure_id;
  s.role = access::Role::kCounselor;
  s.public_id = "jalon-demo";
  s.mfa_verified = true;
  return s;
}

// One referral per state: waiting (open link), waiting (expired link), accepted, declined,
// closed as expired. Returns how many were written.
int write_referrals(store::Database& db, const Clock& clock, partners::PartnerDirectory& dir,
                    const access::Session& s, const std::vector<std::string>& services) {
  int count = 0;
  std::vector<std::string> people;
  {
    auto tx = db.read();
    for (const auto& r : tx.query(
             "SELECT b.id FROM beneficiaries b JOIN caseload_members cm ON cm.beneficiary_id = "
             "b.id WHERE cm.user_id = ? AND b.status = 'en_cours' ORDER BY b.last_name, "
             "b.first_name, b.birth_date LIMIT 5",
             {s.user_id})) {
      people.push_back(r.text(0));
    }
    tx.commit();
  }
  std::vector<std::string> tokens, ids;
  for (size_t i = 0; i < people.size(); ++i) {
    std::string token;
    auto id = dir.refer(s, people[i],
                        {services[i % services.size()],
                         "Lever un frein identifié au diagnostic avant la reprise d'un emploi",
                         {"identite", "contact"},
                         true,
                         ""},
                        &token);
    if (!id.ok()) continue;
    ++count;
    tokens.push_back(token);
    ids.push_back(*id);
  }
  if (ids.size() < 5) return count;
  (void)dir.answer_link(tokens[2], {"accepter", "", "Premier rendez-vous mardi à 10 h."});
  (void)dir.answer_link(tokens[3], {"refuser", "complet", "Session suivante en mars."});
  auto tx = db.write();
  tx.exec("UPDATE referral_links SET expires_at = ? WHERE referral_id = ?",
          {clock.now_ms() - 1, ids[1]});
  tx.exec(
      "UPDATE referrals SET status = 'expiree', answer = 'Sans réponse après relance.', "
      "answered_on = sent_on WHERE id = ?",
      {ids[4]});
  tx.exec("UPDATE referral_links SET revoked_at = ? WHERE referral_id = ?",
          {clock.now_ms(), ids[4]});
  tx.commit();
  return count;
}

// The mission locale's partner user gets its organisation: one referral answered in the inbox,
// one waiting there. Rencontres with France Travail, the mission locale and the CCAS, one
// follow-up due soon (on the counselor's to-do list), one done.
void add_inbox_and_meetings(store::Database& db, const Clock& clock,
                            partners::PartnerDirectory& dir, const access::Session& s,
                            const std::vector<std::string>& org_ids,
                            const std::vector<std::string>& services) {
  if (org_ids.size() < 3 || services.size() < 2) return;
  access::Session coordination = s;
  coordination.role = access::Role::kCoordinator;
  std::string partner_user;
  std::vector<std::string> people;
  {
    auto tx = db.read();
    if (auto r = tx.query_one("SELECT id FROM users WHERE structure_id = ? AND role = 'partner'",
                              {s.structure_id})) {
      partner_user = r->text(0);
    }
    for (const auto& r : tx.query(
             "SELECT b.id FROM beneficiaries b JOIN caseload_members cm ON cm.beneficiary_id = "
             "b.id WHERE cm.user_id = ? AND b.status = 'en_cours' ORDER BY b.last_name DESC "
             "LIMIT 2",
             {s.user_id})) {
      people.push_back(r.text(0));
    }
    tx.commit();
  }
  if (!partner_user.empty() && dir.attach_member(coordination, org_ids[1], partner_user).ok() &&
      people.size() == 2) {
    access::Session partner = s;
    partner.user_id = partner_user;
    partner.role = access::Role::kPartner;
    auto answered = dir.refer(
        s, people[0], {services[1], "Accès à un logement autonome", {"identite"}, true, ""});
    (void)dir.refer(
        s, people[1],
        {services[1], "Engagement jeunes : premier entretien", {"identite", "contact"}, true, ""});
    if (answered.ok()) {
      (void)dir.answer_inbox(partner, *answered,
                             {"accepter", "", "Reçu·e jeudi par la conseillère logement."});
    }
  }
  std::string soon = dates::iso({dates::local_date(clock.now_ms(), "Europe/Paris").days + 5});
  std::string past = dates::iso({dates::local_date(clock.now_ms(), "Europe/Paris").days - 20});
  (void)dir.add_meeting(s, org_ids[0],
                        {past,
                         "Responsable d'équipe entreprises, conseillère référente IAE",
                         "Point sur les PASS IAE et les prescriptions du trimestre.",
                         {{"Envoyer le bilan des sorties dynamiques", soon}}});
  (void)dir.add_meeting(s, org_ids[1],
                        {past,
                         "Directrice, conseiller logement",
                         "Présentation du chantier ; deux jeunes orientés en avril.",
                         {{"Inviter la mission locale au comité de suivi", ""}}});
  auto ccas = dir.add_meeting(s, org_ids[2],
                              {past,
                               "Travailleuse sociale du CCAS",
                               "Aides d'urgence et épicerie solidaire.",
                               {{"Transmettre la plaquette du chantier", past}}});
  if (ccas.ok()) {
    for (const auto& m : dir.meetings(s, org_ids[2])) {
      for (const auto& f : m.followups) (void)dir.finish_followup(s, f.id);
    }
  }
}

}  // namespace

PartnersSummary add_partners(store::Database& db, const Clock& clock, Random& rng,
                             const std::string& data_dir, const std::string& structure_id) {
  PartnersSummary out;
  access::Keys keys = access::Keys::load_or_create(data_dir);
  access::AuditLog audit(db, clock, keys);
  partners::PartnerDirectory dir(db, clock, rng, audit, "http://localhost:8080");
  access::Session s = counselor(db, structure_id);
  if (s.user_id.empty()) return out;
  bool communes = false;
  std::vector<std::pair<std::string, std::string>> siae;
  {
    auto tx = db.read();
    communes = tx.query_one("SELECT 1 FROM communes WHERE code = '38563'").has_value();
    // The SIAE of the conventions (no names in the data: the counselor completes them; the demo
    // names a few of them as the directory would show them once completed).
    for (const auto& r : tx.query("SELECT DISTINCT siret, kind FROM siae_conventions WHERE "
                                  "active = 1 ORDER BY siret LIMIT 4")) {
      siae.emplace_back(r.text(0), r.text(1));
    }
    tx.commit();
  }
  std::vector<std::string> services, org_ids;
  for (const auto& o : orgs()) {
    auto id = dir.add_organisation(
        s, {o.name, o.kind, "", o.address, communes ? o.commune : "", o.email, "04 76 00 00 00", "",
            "Du lundi au vendredi, 9 h – 12 h et 14 h – 17 h"});
    if (!id.ok()) continue;
    ++out.organisations;
    org_ids.push_back(*id);
    partners::ServiceInput in;
    in.name = o.service;
    in.themes = o.themes;
    in.publics = o.publics;
    in.kinds = {"accompagnement"};
    in.fees = "gratuit";
    in.how_to_apply = "Orientation par un professionnel, avec l'accord de la personne.";
    in.contact_email = o.email;
    if (auto v = dir.add_service(s, *id, in); v.ok()) {
      services.push_back(*v);
      ++out.services;
    }
  }
  int k = 0;
  for (const auto& [siret, kind] : siae) {
    auto id = dir.add_organisation(
        s,
        {"SIAE " + kind + " n° " + std::to_string(++k) + " (démo)", kind, siret, "",
         communes ? "38563" : "", "siae" + std::to_string(k) + "@partenaires.demo.test"},
        "siae", "siae:" + siret);
    if (!id.ok()) continue;
    ++out.organisations;
    partners::ServiceInput in;
    in.name = "Contrat à durée déterminée d'insertion";
    in.themes = {"trouver-un-emploi"};
    in.publics = {"demandeurs-d-emploi", "beneficiaires-des-minimas-sociaux"};
    in.kinds = {"accompagnement"};
    in.capacity = "12";
    in.places = std::to_string(k % 3);
    if (dir.add_service(s, *id, in).ok()) ++out.services;
  }
  if (!services.empty()) out.referrals = write_referrals(db, clock, dir, s, services);
  add_inbox_and_meetings(db, clock, dir, s, org_ids, services);
  audit.flush();
  return out;
}

}  // namespace jalon::demo
