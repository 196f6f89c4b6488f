// `jalon import employers`: the SIRENE establishment layout read by header name, the Luhn check,
// all-or-nothing, idempotent and additive, on both engines.
#include "employers/import.h"

#include <doctest/doctest.h>

#include <fstream>

#include "support/referential_data.h"
#include "support/test_stores.h"

using namespace jalon;

namespace {

constexpr const char* kHeader =
    "siren,nic,siret,etatAdministratifEtablissement,trancheEffectifsEtablissement,"
    "numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,"
    "codePostalEtablissement,codeCommuneEtablissement,enseigne1Etablissement,"
    "denominationUniteLegale,activitePrincipaleEtablissement\n";

std::string write(const std::string& name, const std::string& body) {
  std::string path = jalon::testing::scratch_dir() + "/" + name;
  std::ofstream(path) << body;
  return path;
}

std::string good_file() {
  return write("StockEtablissement_38.csv",
               std::string(kHeader) +
                   "412218790,00001,41221879000019,A,12,12,RUE,DES ARTS,38500,38563,,"
                   "\"BOULANGERIE DU COURS, VOIRON\",10.71C\n"
                   "412218790,00002,41221879000027,A,NN,,,,38430,38239,LE FOURNIL,BOULANGERIE "
                   "DU COURS,1071C\n"
                   "732829320,00007,73282932000074,F,,,,,38500,38563,,ANCIEN GARAGE,4520A\n");
}

int64_t count(jalon::testing::TestStore& st, const std::string& sql) {
  auto tx = st.db().read();
  int64_t n = tx.query_one(sql)->i64(0);
  tx.commit();
  return n;
}

}  // namespace

TEST_CASE("employers import: SIRENE columns by name, then the same file again changes nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::TestStore st(e);
    auto first = employers::import_employers(st.db(), good_file(), {});
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    CHECK(first->rows_read == 3);
    CHECK(first->added() == 3);
    auto tx = st.db().read();
    auto row = tx.query_one(
        "SELECT name, naf_code, size_band, address, commune_code, active, id FROM"
        " establishments WHERE siret = '41221879000019'");
    REQUIRE(row);
    CHECK(row->text(0) == "BOULANGERIE DU COURS, VOIRON");  // quoted comma kept
    CHECK(row->text(1) == "10.71C");
    CHECK(row->text(2) == "12");
    CHECK(row->text(3) == "12 RUE DES ARTS");
    CHECK(row->text(4) == "38563");
    CHECK(row->i64(5) == 1);
    std::string id = row->text(6);
    // The shop sign wins over the unit's name; an undotted NAF code is dotted.
    CHECK(tx.query_one("SELECT name, naf_code FROM establishments WHERE siret ="
                       " '41221879000027'")
              ->text(0) == "LE FOURNIL");
    // A closed establishment is kept, marked closed.
    CHECK(
        tx.query_one("SELECT active FROM establishments WHERE siret = '73282932000074'")->i64(0) ==
        0);
    tx.commit();

    auto again = employers::import_employers(st.db(), good_file(), {});
    REQUIRE(again.ok());
    CHECK(again->added() == 0);
    CHECK(again->updated() == 0);
    CHECK(again->unchanged() == 3);
    CHECK(count(st, "SELECT COUNT(*) FROM establishments WHERE id = '" + id + "'") == 1);

    // Another file (another département) adds to the directory, removes nothing.
    auto other = employers::import_employers(
        st.db(),
        write("other.csv", std::string(kHeader) + "552081190,00001,55208119000019,A,21,,,,73000,"
                                                  "73065,,SAVOIE BOIS,16.23Z\n"),
        {});
    REQUIRE(other.ok());
    CHECK(other->added() == 1);
    CHECK(count(st, "SELECT COUNT(*) FROM establishments") == 4);
  }
}

TEST_CASE("employers import: a bad line or layout names it and imports nothing") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    jalon::testing::TestStore st(e);
    // Line 3 has a SIRET whose Luhn key is wrong: line 2 is not kept either.
    auto bad_siret = employers::import_employers(
        st.db(),
        write("luhn.csv", std::string(kHeader) +
                              "412218790,00001,41221879000019,A,12,,,,38500,38563,,A,10.71C\n"
                              "412218790,00002,41221879000028,A,12,,,,38500,38563,,B,10.71C\n"),
        {});
    REQUIRE_FALSE(bad_siret.ok());
    CHECK(bad_siret.error().message ==
          "luhn.csv, ligne 3, colonne « siret » : SIRET invalide « 41221879000028 » (14 chiffres, "
          "clé de Luhn)");
    CHECK(count(st, "SELECT COUNT(*) FROM establishments") == 0);

    auto no_naf =
        employers::import_employers(st.db(),
                                    write("layout.csv",
                                          "siret,denominationUniteLegale,codeCommuneEtablissement\n"
                                          "41221879000019,A,38563\n"),
                                    {});
    REQUIRE_FALSE(no_naf.ok());
    CHECK(no_naf.error().message.find("activitePrincipaleEtablissement") != std::string::npos);

    auto bad_naf = employers::import_employers(
        st.db(),
        write("naf.csv", std::string(kHeader) +
                             "412218790,00001,41221879000019,A,12,,,,38500,38563,,A,"
                             "boulangerie\n"),
        {});
    REQUIRE_FALSE(bad_naf.ok());
    CHECK(bad_naf.error().message ==
          "naf.csv, ligne 2, colonne « activitePrincipaleEtablissement » : code NAF invalide « "
          "boulangerie »");
    CHECK(count(st, "SELECT COUNT(*) FROM establishments") == 0);
  }
}
