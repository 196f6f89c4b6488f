#include "demo/employers.h"

#include <nlohmann/json.hpp>
#include "access/audit.h"
#include "access/keys.h"
#include "core/dates.h"

#include "employers/immersions.h"
#include "employers/offers_import.h"
#include "employers/referentials.h"
#include "employers/service.h"
#include "jobs/todo.h"

namespace jalon::demo {
namespace {

constexpr int kEmployers = 150;

struct Sector {
  std::string_view naf, noun, band, rome, job;
};
constexpr Sector kSectors[] = {
    {"10.71C", "Boulangerie", "02", "D1102", "Boulanger / Boulangère"},
    {"56.10A", "Restaurant", "03", "G1602", "Commis de cuisine"},
    {"47.11F", "Supermarché", "21", "D1507", "Employé / Employée de rayon"},
    {"43.21A", "Électricité", "03", "F1602", "Électricien / Électricienne du bâtiment"},
    {"43.22A", "Plomberie", "02", "F1603", "Plombier chauffagiste / Plombière chauffagiste"},
    {"49.41A", "Transports", "12", "N4101", "Conducteur / Conductrice poids lourd"},
    {"81.21Z", "Nettoyage", "12", "K2204", "Agent / Agente de propreté"},
    {"87.10A", "EHPAD", "21", "J1501", "Aide-soignant / Aide-soignante"},
    {"52.10B", "Logistique", "22", "N1103", "Préparateur / Préparatrice de commandes"},
    {"25.62B", "Mécanique", "12", "H2903", "Opérateur / Opératrice sur machines"},
    {"45.20A", "Garage", "02", "I1604", "Mécanicien / Mécanicienne automobile"},
    {"88.10A", "Aide à domicile", "12", "K1302", "Aide à domicile"},
    {"55.10Z", "Hôtel", "11", "G1703", "Valet / Femme de chambre"},
    {"41.20A", "Construction", "11", "F1703", "Maçon / Maçonne"},
    {"81.30Z", "Paysages", "03", "A1203", "Jardinier / Jardinière paysagiste"},
    {"96.02A", "Coiffure", "01", "D1202", "Coiffeur / Coiffeuse"},
    {"22.29A", "Plasturgie", "21", "H3203", "Opérateur / Opératrice de plasturgie"},
    {"16.10A", "Scierie", "11", "H2202", "Scieur / Scieuse"},
    {"78.20Z", "Intérim", "11", "N1105", "Manutentionnaire"},
    {"47.73Z", "Pharmacie", "03", "J1307", "Préparateur / Préparatrice en pharmacie"}};
constexpr std::string_view kNames[] = {
    "du Guiers",  "des Tisserands", "de la Morge", "de Chartreuse", "du Voironnais",
    "des Gorges", "Bellevue",       "du Pont",     "des Alpes",     "du Vercors",
    "Sermorens",  "de la Fure",     "Paviot",      "des Rivaux",    "du Lac"};
struct Commune {
  std::string_view code, postcode;
};
constexpr Commune kCommunes[] = {{"38563", "38500"}, {"38563", "38500"}, {"38563", "38500"},
                                 {"38239", "38430"}, {"38239", "38430"}, {"38565", "38340"},
                                 {"38337", "38140"}, {"38133", "38500"}, {"38400", "38430"},
                                 {"38061", "38500"}, {"38383", "38960"}, {"38517", "38210"},
                                 {"38105", "38850"}, {"38332", "38140"}, {"38566", "38210"}};
constexpr std::string_view kContacts[] = {"Camille Rivet", "Jordan Blanc", "Nadia Ferrand",
                                          "Hugo Perrin",   "Sonia Girard", "Yanis Morel"};

// A synthetic SIRET (SIREN 999…, never assigned) whose Luhn key is right.
std::string siret_of(int i) {
  std::string s = "999" + std::to_string(1000000000 + i).substr(0, 10);
  for (char k = '0'; k <= '9'; ++k) {
    if (employers::valid_siret(s + k)) return s + k;
  }
  return s + "0";
}

std::vector<std::string> write_establishments(store::Database& db, Random& rng) {
  std::vector<std::string> ids;
  auto tx = db.write();
  std::string sql =
      "INSERT INTO establishments (siret, id, name, naf_code, size_band, address, postcode,"
      " commune_code, active, source) VALUES ";
  store::Params p;
  for (int i = 0; i < kEmployers; ++i) {
    const auto& sector = kSectors[i % std::size(kSectors)];
    const auto& commune = kCommunes[(i * 7) % std::size(kCommunes)];
    std::string name = std::string(sector.noun) + " " +
                       std::string(kNames[(i / std::size(kSectors)) % std::size(kNames)]);
    sql += i ? ",(?, ?, ?, ?, ?, ?, ?, ?, 1, 'demo')" : "(?, ?, ?, ?, ?, ?, ?, ?, 1, 'demo')";
    for (auto v :
         {store::Value(siret_of(i)), store::Value(new_id(rng)), store::Value(name),
          store::Value(std::string(sector.naf)), store::Value(std::string(sector.band)),
          store::Value(std::to_string(1 + i % 80) + " rue de la République"),
          store::Value(std::string(commune.postcode)), store::Value(std::string(commune.code))}) {
      p.push_back(v);
    }
  }
  tx.exec(sql + " ON CONFLICT (siret) DO NOTHING", p);
  for (int i = 0; i < kEmployers; ++i) {
    ids.push_back(
        tx.query_one("SELECT id FROM establishments WHERE siret = ?", {siret_of(i)})->text(0));
  }
  tx.commit();
  return ids;
}

struct Counselor {
  access::Session s;
  std::vector<std::string> people;
};

std::vector<Counselor> counselors(store::Database& db, const std::string& structure_id) {
  std::vector<Counselor> out;
  auto tx = db.read();
  for (const auto& r : tx.query("SELECT id, team_id FROM users WHERE structure_id = ? AND role ="
                                " 'counselor' AND disabled_at IS NULL ORDER BY email",
                                {structure_id})) {
    Counselor c;
    c.s.user_id = r.text(0);
    c.s.team_id = r.opt_text(1).value_or("");
    c.s.structure_id = structure_id;
    c.s.role = access::Role::kCounselor;
    c.s.public_id = "jalon-demo";
    for (const auto& b :
         tx.query("SELECT b.id FROM beneficiaries b JOIN caseload_members cm ON cm.beneficiary_id ="
                  " b.id WHERE cm.user_id = ? AND b.status = 'en_cours' ORDER BY b.last_name, b.id"
                  " LIMIT 7",
                  {c.s.user_id})) {
      c.people.push_back(b.text(0));
    }
    out.push_back(std::move(c));
  }
  tx.commit();
  return out;
}

// Relations, contacts and a prospecting history on the first 48 employers.
void write_prospecting(employers::EmployerService& svc, const std::vector<Counselor>& staff,
                       const std::vector<std::string>& ids, dates::Date today,
                       EmployersSummary& out) {
  static constexpr std::string_view kStatuses[] = {"contacte", "rencontre", "partenaire_actif",
                                                   "en_sommeil"};
  for (int i = 0; i < 48 && !staff.empty(); ++i) {
    const auto& s = staff[static_cast<size_t>(i) % staff.size()].s;
    const std::string& id = ids[static_cast<size_t>(i)];
    bool visited = i % 3 == 0;
    std::string next = i % 4 == 0 ? "Rappeler pour les besoins de recrutement" : "";
    std::string due = next.empty() ? "" : dates::iso({today.days + 2 + i % 12});
    if (svc.add_action(s, id,
                       {"appel", dates::iso({today.days - 40 - i}), "Premier contact", "", ""})
            .ok()) {
      ++out.actions;
    }
    if (svc.add_action(s, id,
                       {visited ? "visite" : "courriel", dates::iso({today.days - 5 - i % 20}),
                        visited ? "Visite de l'atelier, besoins à venir" : "Présentation envoyée",
                        next, due})
            .ok()) {
      ++out.actions;
    }
    (void)svc.set_relation(s, id, std::string(kStatuses[i % 4]), i % 5 == 0 ? "clause sociale" : "",
                           "");
    if (i % 2 == 0) {
      (void)svc.add_contact(s, id,
                            {"", std::string(kContacts[i % std::size(kContacts)]),
                             i % 4 == 0 ? "Responsable RH" : "Gérant·e", "04 76 00 00 00", ""});
    }
  }
}

// One application per state per counselor's people; two accepted ones become hires.
void write_applications(employers::EmployerService& svc, const std::vector<Counselor>& staff,
                        const std::vector<std::string>& ids, dates::Date today,
                        EmployersSummary& out) {
  static const std::vector<std::vector<std::string>> kPaths = {{},
                                                               {"a_l_etude"},
                                                               {"a_l_etude", "entretien_prevu"},
                                                               {"en_attente"},
                                                               {"entretien_prevu", "acceptee"},
                                                               {"a_l_etude", "refusee"},
                                                               {"acceptee", "annulee"}};
  static constexpr std::string_view kReasons[] = {"pas_de_recrutement", "competences",
                                                  "non_mobile"};
  int n = 0, hires = 0;
  for (const auto& c : staff) {
    for (size_t k = 0; k < c.people.size() && k < kPaths.size(); ++k, ++n) {
      const std::string& employer = ids[static_cast<size_t>(n * 5) % ids.size()];
      auto a = svc.propose(c.s, c.people[k], {employer, "Agent·e polyvalent·e", ""});
      if (!a.ok()) continue;
      ++out.applications;
      for (const auto& state : kPaths[k]) {
        (void)svc.move(c.s, *a, state, state == "refusee" ? std::string(kReasons[n % 3]) : "");
      }
      if (kPaths[k].size() == 2 && kPaths[k][1] == "acceptee" && hires < 2 &&
          svc.hire(c.s, *a, {"cdd_insertion", "26", dates::iso({today.days + 7}), ""}).ok()) {
        ++hires;
      }
    }
  }
  out.placements = hires;
}

// Synthetic offers in the layout of France Travail's API (ids DEMO…), loaded by the importer
// itself: one for every fifth employer, linked to it by its SIRET.
int write_offers(store::Database& db, dates::Date today) {
  nlohmann::json results = nlohmann::json::array();
  for (int i = 0; i < kEmployers; i += 5) {
    const auto& sector = kSectors[i % std::size(kSectors)];
    const auto& commune = kCommunes[(i * 7) % std::size(kCommunes)];
    std::string created = dates::iso({today.days - 3 - i % 25});
    results.push_back(
        {{"id", "DEMO" + std::to_string(1000 + i)},
         {"intitule", std::string(sector.job) + " (H/F)"},
         {"description", "Offre de démonstration (données synthétiques)."},
         {"dateCreation", created + "T09:00:00+01:00"},
         {"dateActualisation", created + "T09:00:00+01:00"},
         {"lieuTravail",
          {{"libelle", "38 - " + std::string(commune.postcode)},
           {"codePostal", std::string(commune.postcode)},
           {"commune", std::string(commune.code)}}},
         {"romeCode", std::string(sector.rome)},
         {"appellationlibelle", std::string(sector.job)},
         {"entreprise", {{"nom", std::string(sector.noun)}, {"siret", siret_of(i)}}},
         {"typeContrat", i % 3 == 0 ? "CDI" : "CDD"},
         {"typeContratLibelle", i % 3 == 0 ? "Contrat à durée indéterminée" : "CDD - 6 Mois"},
         {"natureContrat", "Contrat travail"},
         {"dureeTravailLibelle", i % 4 == 0 ? "24H Horaires normaux" : "35H Horaires normaux"},
         {"nombrePostes", 1 + i % 3}});
  }
  auto r = employers::import_offers_text(db, "demo-offres.json",
                                         nlohmann::json{{"resultats", results}}.dump(), {});
  return r.ok() ? static_cast<int>(r->rows_read) : 0;
}

// Hiring needs on the first ten employers (when the ROME is imported).
int write_needs(employers::EmployerService& svc, const std::vector<Counselor>& staff,
                store::Database& db, const std::vector<std::string>& ids, dates::Date today) {
  int n = 0;
  for (int i = 0; i < 10 && !staff.empty(); ++i) {
    const auto& sector = kSectors[i % std::size(kSectors)];
    auto tx = db.read();
    auto code = tx.query_one("SELECT MIN(code) FROM rome_appellations WHERE rome_code = ?",
                             {std::string(sector.rome)});
    tx.commit();
    if (!code || code->is_null(0)) continue;
    if (svc.add_need(staff[static_cast<size_t>(i) % staff.size()].s, ids[static_cast<size_t>(i)],
                     {code->text(0), i % 2 ? "cdd" : "cdi", i % 3 ? "35" : "24", "",
                      dates::iso({today.days + 15 + i * 3}), std::to_string(1 + i % 2),
                      "Besoin noté lors de la visite"})
            .ok()) {
      ++n;
    }
  }
  return n;
}

// Two immersions: one done (signed, with the tutor's assessment), one to sign.
int write_immersions(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                     const std::vector<Counselor>& staff, const std::vector<std::string>& ids,
                     dates::Date today) {
  if (staff.empty() || staff[0].people.size() < 2) return 0;
  employers::ImmersionService svc(db, clock, rng, audit);
  const auto& c = staff[0];
  std::array<std::string, 7> week = {"08:00-12:00 13:00-16:00",
                                     "08:00-12:00 13:00-16:00",
                                     "08:00-12:00",
                                     "08:00-12:00 13:00-16:00",
                                     "08:00-12:00 13:00-16:00",
                                     "",
                                     ""};
  int n = 0;
  employers::ImmersionInput done{ids[0],
                                 "confirmer",
                                 "",
                                 "Boulanger / Boulangère",
                                 "Camille Rivet",
                                 "Artisane boulangère",
                                 "04 76 00 00 00",
                                 "",
                                 dates::iso({today.days - 40}),
                                 dates::iso({today.days - 29}),
                                 "Façonnage, cuisson, mise en rayon",
                                 "Brûlures (four)",
                                 "Gants anti-chaleur, chaussures de sécurité",
                                 week};
  if (auto x = svc.create(c.s, c.people[0], done); x.ok()) {
    ++n;
    std::string signed_on = dates::iso({today.days - 42});
    (void)svc.sign(c.s, *x, signed_on, signed_on, signed_on);
    (void)svc.assess(c.s, *x,
                     {"complete", "Ponctuelle, à l'écoute ; a confirmé son projet.", "oui", "cdd"});
  }
  employers::ImmersionInput next{ids[6],
                                 "decouvrir",
                                 "",
                                 "Agent / Agente de propreté",
                                 "Jordan Blanc",
                                 "Chef d'équipe",
                                 "",
                                 "",
                                 dates::iso({today.days + 10}),
                                 dates::iso({today.days + 21}),
                                 "Entretien des bureaux, tri des déchets",
                                 "Produits d'entretien",
                                 "Gants, blouse",
                                 week};
  if (svc.create(c.s, c.people[1], next).ok()) ++n;
  return n;
}

}  // namespace

EmployersSummary add_employers(store::Database& db, const Clock& clock, Random& rng,
                               const std::string& data_dir, const std::string& structure_id) {
  EmployersSummary out;
  access::Keys keys = access::Keys::load_or_create(data_dir);
  access::AuditLog audit(db, clock, keys);
  employers::EmployerService svc(db, clock, rng, audit);
  auto ids = write_establishments(db, rng);
  out.employers = static_cast<int>(ids.size());
  auto staff = counselors(db, structure_id);
  dates::Date today = dates::local_date(clock.now_ms(), dates::kDefaultZone);
  write_prospecting(svc, staff, ids, today, out);
  write_applications(svc, staff, ids, today, out);
  out.offers = write_offers(db, today);
  out.needs = write_needs(svc, staff, db, ids, today);
  out.immersions = write_immersions(db, clock, rng, audit, staff, ids, today);
  auto tx = db.write();
  jobs::refresh_todo(tx, rng, clock, structure_id);
  tx.commit();
  audit.flush();
  return out;
}

}  // namespace jalon::demo
