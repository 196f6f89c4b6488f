// NAF, FAP 2021, FAP 2009 (Windows-1252 SAS programs), ROME → NAF hirings and the SIAE
// conventions, on both engines.
#include <doctest/doctest.h>

#include <fstream>

#include "referentials/fap.h"
#include "referentials/naf.h"
#include "referentials/sas_format.h"
#include "referentials/siae.h"
#include "support/referential_data.h"
#include "support/scalar.h"
#include "support/test_stores.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::scalar;
using jalon::testing::scalar_int;
using jalon::testing::shipped_data;
using jalon::testing::TestStore;

TEST_CASE("NAF rév. 2 at every level, each code with its parent, and hirings by ROME and NAF") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    auto naf = import_naf(s.db(), shipped_data("nomenclatures"));
    REQUIRE(naf.ok());
    CHECK(count_rows(s.db(), "naf_codes") == 1707);
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM naf_codes WHERE level = 2") == "88");
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM naf_codes WHERE level = 3") == "272");
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM naf_codes WHERE level = 4") == "615");
    CHECK(scalar(s.db(), "SELECT COUNT(*) FROM naf_codes WHERE level = 5") == "732");
    CHECK(scalar(s.db(), "SELECT parent_code FROM naf_codes WHERE code = '01.11Z'") == "01.11");
    CHECK(scalar(s.db(), "SELECT parent_code FROM naf_codes WHERE code = '01.1'") == "01");
    // Every parent exists.
    CHECK(scalar(s.db(),
                 "SELECT COUNT(*) FROM naf_codes c WHERE c.parent_code IS NOT NULL AND NOT "
                 "EXISTS (SELECT 1 FROM naf_codes p WHERE p.code = c.parent_code)") == "0");
    auto hirings = import_rome_naf(s.db(), shipped_data("nomenclatures"));
    REQUIRE(hirings.ok());
    CHECK(count_rows(s.db(), "rome_naf_hirings") == 5071);
    CHECK(scalar(s.db(),
                 "SELECT hirings FROM rome_naf_hirings WHERE rome_code = 'A1101' AND "
                 "naf_code = '01.11Z'") == "161");
    // Every NAF code of the hirings table is a sub-class of the nomenclature.
    CHECK(scalar(s.db(),
                 "SELECT COUNT(*) FROM rome_naf_hirings h WHERE NOT EXISTS (SELECT 1 FROM "
                 "naf_codes n WHERE n.code = h.naf_code AND n.level = 5)") == "0");
    CHECK_FALSE(import_naf(s.db(), shipped_data("nomenclatures"))->changed());
    CHECK(dotted_naf_code("4772A") == "47.72A");
    CHECK(dotted_naf_code("47.72A") == "47.72A");
    CHECK_FALSE(dotted_naf_code("47.7").has_value());
  }
}

TEST_CASE("FAP 2021 and FAP 2009 side by side, FAP 2009 read from Windows-1252") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    REQUIRE(import_fap2021(s.db(), shipped_data("nomenclatures")).ok());
    auto r2009 = import_fap2009(s.db(), shipped_data("nomenclatures/fap2009"));
    REQUIRE_MESSAGE(r2009.ok(), (r2009.ok() ? "" : r2009.error().message));
    auto n = [&](const char* nomenclature, int level) {
      return scalar(s.db(), "SELECT COUNT(*) FROM fap_codes WHERE nomenclature = ? AND level = ?",
                    {nomenclature, level});
    };
    CHECK(n("FAP2021", 341) == "341");
    CHECK(n("FAP2021", 228) == "228");
    CHECK(n("FAP2021", 86) == "86");
    CHECK(n("FAP2021", 22) == "22");
    CHECK(n("FAP2009", 225) == "225");
    CHECK(n("FAP2009", 87) == "87");
    CHECK(n("FAP2009", 22) == "22");
    CHECK(scalar(s.db(),
                 "SELECT parent_code FROM fap_codes WHERE nomenclature = 'FAP2021' AND "
                 "level = 341 AND code = 'A0X41a'") == "A0X41");
    CHECK(scalar(s.db(),
                 "SELECT label FROM fap_codes WHERE nomenclature = 'FAP2009' AND code = 'B0Z'") ==
          "Ouvriers non qualifiés du gros œuvre du bâtiment, des travaux publics, du béton et de "
          "l'extraction");
    CHECK(scalar(s.db(),
                 "SELECT label FROM fap_codes WHERE nomenclature = 'FAP2009' AND code = "
                 "'A0Z40'") == "Agriculteurs salariés");
    CHECK(count_rows(s.db(), "rome_fap2009") == 2341);
    CHECK(scalar(s.db(),
                 "SELECT fap_code FROM rome_fap2009 WHERE rome_code = 'A1101' AND "
                 "qualification = ''") == "A0Z43");
    CHECK(scalar(s.db(),
                 "SELECT fap_code FROM rome_fap2009 WHERE rome_code = 'E1101' AND "
                 "qualification = '9'") == "U0Z90");
    // Re-importing one edition leaves the other alone.
    auto again = import_fap2021(s.db(), shipped_data("nomenclatures"));
    REQUIRE(again.ok());
    CHECK_FALSE(again->changed());
    CHECK(n("FAP2009", 225) == "225");
  }
}

TEST_CASE("SAS formats: keys, labels, Other clauses and comments, errors naming the line") {
  std::string dir = jalon::testing::scratch_dir();
  {
    std::ofstream(dir + "/f.txt") << "/* header */\n*;\nproc format ;\nvalue $F\n"
                                     "\"A1\",\"A2\" = \"x : un\"\n\"B\"=\"deux\"\n"
                                     " Other = \"ZZ\";\n* run;\nvalue $G \"k\" = \"v\" ;\nrun;\n";
    std::ofstream(dir + "/bad.txt") << "value $F\n\"A1\" \"x\";\n";
  }
  auto formats = read_sas_formats(dir + "/f.txt", Encoding::kUtf8);
  REQUIRE(formats.size() == 2);
  CHECK(formats[0].name == "$F");
  REQUIRE(formats[0].mappings.size() == 3);
  CHECK(formats[0].mappings[0].keys == std::vector<std::string>{"A1", "A2"});
  CHECK(formats[0].mappings[0].label == "x : un");
  CHECK(formats[0].mappings[1].line == 6);
  CHECK(formats[0].mappings[2].keys.empty());
  CHECK(formats[1].mappings[0].label == "v");
  CHECK_THROWS_WITH_AS(read_sas_formats(dir + "/bad.txt", Encoding::kUtf8),
                       "bad.txt, ligne 2 : « = \"libellé\" » attendu", ImportError);
}

TEST_CASE("SIAE conventions: kinds with their French labels, SIRET, dates") {
  CHECK(siae_kind_label(*parse_siae_kind("ETTI")) ==
        "Entreprise de travail temporaire d'insertion");
  CHECK_FALSE(parse_siae_kind("XYZ").has_value());
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    TestStore s(e);
    auto r = import_siae(s.db(), shipped_data("employers"));
    REQUIRE(r.ok());
    CHECK(count_rows(s.db(), "siae_conventions") == 3676);
    for (auto [kind, n] :
         {std::pair{"ACI", "1815"}, {"EI", "942"}, {"AI", "620"}, {"ETTI", "299"}}) {
      CHECK(scalar(s.db(), "SELECT COUNT(*) FROM siae_conventions WHERE kind = ?", {kind}) == n);
    }
    CHECK(scalar(s.db(), "SELECT siret FROM siae_conventions WHERE asp_id = 1") ==
          "41273578900023");
    // 2020-12-18T10:37:56.809Z
    CHECK(scalar(s.db(), "SELECT created_at FROM siae_conventions WHERE asp_id = 1") ==
          "1608287876809");
    CHECK_FALSE(import_siae(s.db(), shipped_data("employers"))->changed());
  }
}
