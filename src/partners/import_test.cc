// `jalon import services`: data·inclusion's structures and services (JSON and CSV) into the
// partners directory, all-or-nothing with line-level errors, idempotent, on both engines.
#include "partners/import.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "partners/service.h"
#include "support/case_fixture.h"
#include "support/referential_data.h"

using namespace jalon;

namespace {

std::string dir_with(const std::string& name, const std::string& structures,
                     const std::string& services, const std::string& ext) {
  std::string dir = jalon::testing::scratch_dir() + "/" + name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/structures." + ext) << structures;
  if (!services.empty()) std::ofstream(dir + "/services." + ext) << services;
  return dir;
}

constexpr const char* kStructures = R"([
 {"source": "t", "id": "t--mob", "nom": "Plateforme mobilité", "date_maj": "2026-01-02",
  "code_insee": "38563", "adresse": "1 rue A", "complement_adresse": "2e étage",
  "courriel": "mob@exemple.test", "reseaux_porteurs": ["wimoov"]},
 {"source": "t", "id": "t--ml", "nom": "Mission locale", "date_maj": "2026-01-02",
  "siret": "13003013300016", "code_insee": "38239", "reseaux_porteurs": ["mission-locale"]}
])";

constexpr const char* kServices = R"([
 {"source": "t", "structure_id": "t--mob", "id": "t--permis", "nom": "Aide au permis",
  "description": "Financer et préparer le permis B.", "date_maj": "2026-01-02",
  "type": "aide-financiere", "frais": "gratuit",
  "thematiques": ["mobilite--financer-mon-permis", "mobilite--preparer-son-permis"],
  "publics": ["demandeurs-d-emploi"], "zone_eligibilite": ["243800984"],
  "modes_mobilisation": ["envoyer-un-courriel"], "mobilisation_precisions": "Sur orientation"},
 {"source": "t", "structure_id": "t--ml", "id": "t--logement", "nom": "Logement des jeunes",
  "description": "Trouver un logement.", "date_maj": "2026-01-02",
  "thematiques": ["logement-hebergement--etre-accompagne-pour-se-loger"],
  "zone_eligibilite": ["38"], "conditions_acces": "Avoir moins de 26 ans"}
])";

}  // namespace

TEST_CASE("import services: data·inclusion JSON into the directory, idempotent") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    auto dir = dir_with("di-good", kStructures, kServices, "json");
    auto r = partners::import_services(f.store.db(), dir, {}, "sA");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    CHECK(r->rows_read == 4);
    CHECK(r->added() == 4);
    CHECK(f.count("SELECT COUNT(*) FROM partner_organisations WHERE structure_id = 'sA' AND "
                  "source = 'data-inclusion'") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM partner_organisations WHERE structure_id = 'sB'") == 0);
    // Read back as the directory shows it.
    partners::PartnerDirectory d(f.store.db(), f.clock, f.rng, f.audit);
    auto found = d.search(f.c1, {"mobilite", "demandeurs-d-emploi", "", ""});
    REQUIRE(found.ok());
    REQUIRE(found->size() == 1);
    const auto& v = found->front();
    CHECK(v.name == "Aide au permis");
    CHECK(v.organisation_name == "Plateforme mobilité");
    CHECK(v.themes == std::vector<std::string>{"mobilite"});  // sub-thematiques folded
    CHECK(v.kinds == std::vector<std::string>{"aide-financiere"});
    CHECK(v.zone_kind == "epci");
    CHECK(v.zone_code == "243800984");
    CHECK(v.fees == "gratuit");
    CHECK(v.how_to_apply == "Envoyer un courriel. Sur orientation");
    CHECK(v.recipient() == "mob@exemple.test");  // the structure's e-mail by default
    auto housing = d.search(f.c1, {"logement-hebergement", "", "", ""});
    REQUIRE(housing->size() == 1);
    CHECK(housing->front().publics == std::vector<std::string>{"tous-publics"});
    CHECK(housing->front().zone_kind == "departement");
    CHECK(housing->front().documents == "Avoir moins de 26 ans");
    auto org = d.organisation(f.c1, housing->front().organisation_id);
    CHECK(org->kind == "mission-locale");
    CHECK(org->siret == "13003013300016");
    auto mob = d.organisation(f.c1, v.organisation_id);
    CHECK(mob->address == "1 rue A, 2e étage");
    CHECK(mob->kind == "autre");

    // Repeated: nothing changes, ids are kept.
    std::string id_before = v.id;
    auto again = partners::import_services(f.store.db(), dir, {}, "sA");
    REQUIRE(again.ok());
    CHECK(again->added() == 0);
    CHECK(again->updated() == 0);
    CHECK(again->unchanged() == 4);
    CHECK(d.search(f.c1, {"mobilite", "", "", ""})->front().id == id_before);
    // A changed name updates the row in place.
    std::string renamed = kServices;
    renamed.replace(renamed.find("Aide au permis"), 14, "Aide au permis B");
    auto dir2 = dir_with("di-renamed", kStructures, renamed, "json");
    auto third = partners::import_services(f.store.db(), dir2, {}, "sA");
    REQUIRE(third.ok());
    CHECK(third->updated() == 1);
    CHECK(d.search(f.c1, {"mobilite", "", "", ""})->front().name == "Aide au permis B");
    CHECK(f.count("SELECT COUNT(*) FROM partner_services") == 2);
    // Without a structure, every structure's directory gets the data.
    REQUIRE(partners::import_services(f.store.db(), dir, {}).ok());
    CHECK(f.count("SELECT COUNT(*) FROM partner_services WHERE structure_id = 'sB'") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM partner_services WHERE structure_id = 'sA'") == 2);
  }
}

TEST_CASE("import services: CSV layout, and a malformed file changes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::CaseFixture f(e);
    std::string structures =
        "source,id,nom,date_maj,code_insee,courriel,reseaux_porteurs\n"
        "t,t--ccas,CCAS de Voiron,2026-01-02,38563,ccas@exemple.test,\"[\"\"ccas-cias\"\"]\"\n";
    std::string services =
        "source,structure_id,id,nom,description,date_maj,thematiques,publics,frais,"
        "zone_eligibilite\n"
        "t,t--ccas,t--alim,Aide alimentaire,Colis,2026-01-02,equipement-et-alimentation--aide-"
        "alimentaire,familles|femmes,payant,38563\n";
    auto good = dir_with("di-csv", structures, services, "csv");
    auto r = partners::import_services(f.store.db(), good + "/services.csv", {}, "sA");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    CHECK(r->added() == 2);
    partners::PartnerDirectory d(f.store.db(), f.clock, f.rng, f.audit);
    auto found = d.search(f.c1, {"equipement-et-alimentation", "", "", ""});
    REQUIRE(found->size() == 1);
    CHECK(found->front().publics == std::vector<std::string>{"familles", "femmes"});
    CHECK(found->front().zone_kind == "commune");
    CHECK(found->front().fees == "payant");
    CHECK(d.organisation(f.c1, found->front().organisation_id)->kind == "ccas");

    // A CSV line naming an unknown structure: the line and the column, nothing written.
    std::string bad_services = services +
                               "t,t--nope,t--x,Autre service,Texte,2026-01-02,famille,,"
                               "gratuit,38563\n";
    auto bad = dir_with("di-csv-bad", structures, bad_services, "csv");
    auto e1 = partners::import_services(f.store.db(), bad, {}, "sA");
    REQUIRE(!e1.ok());
    CHECK(e1.error().message.find("services.csv") != std::string::npos);
    CHECK(e1.error().message.find("ligne 3") != std::string::npos);
    CHECK(e1.error().message.find("structure_id") != std::string::npos);
    CHECK(e1.error().message.find("t--nope") != std::string::npos);

    // A JSON element with an unknown thematique: its number and the field, nothing written.
    std::string bad_json = kServices;
    bad_json.replace(bad_json.find("logement-hebergement--"), 22, "logement-inconnu--");
    auto bad2 = dir_with("di-json-bad", kStructures, bad_json, "json");
    auto e2 = partners::import_services(f.store.db(), bad2, {}, "sA");
    REQUIRE(!e2.ok());
    CHECK(e2.error().message.find("services.json") != std::string::npos);
    CHECK(e2.error().message.find("élément 2") != std::string::npos);
    CHECK(e2.error().message.find("thematiques") != std::string::npos);
    // A structure without a name, malformed JSON, a missing file: refused as well.
    std::string no_name = kStructures;
    no_name.replace(no_name.find("\"Mission locale\""), 16, "\"\"");
    CHECK(!partners::import_services(f.store.db(), dir_with("di-noname", no_name, "", "json"), {},
                                     "sA")
               .ok());
    CHECK(!partners::import_services(f.store.db(), dir_with("di-broken", "[{\"id\": ", "", "json"),
                                     {}, "sA")
               .ok());
    CHECK(!partners::import_services(f.store.db(), good + "/nothing-here", {}, "sA").ok());
    CHECK(!partners::import_services(f.store.db(), good, {}, "no-such-structure").ok());
    // The good import alone is in the store.
    CHECK(f.count("SELECT COUNT(*) FROM partner_organisations") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM partner_services") == 1);
  }
}

TEST_CASE("import services: the shipped sample reads the same as JSON and as CSV") {
  jalon::testing::CaseFixture f(store::Engine::kSqlite);
  auto json = jalon::testing::shipped_data("data-inclusion");
  auto r = partners::import_services(f.store.db(), json, {}, "sA");
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  CHECK(r->added() == 9);  // 4 structures, 5 services
  auto csv = partners::import_services(f.store.db(), json + "/structures.csv", {}, "sA");
  REQUIRE_MESSAGE(csv.ok(), csv.error().message);
  CHECK(csv->unchanged() == 9);
  CHECK(csv->added() + csv->updated() == 0);
}
