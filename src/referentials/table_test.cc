// The readers under every importer: CSV quirks, encodings, gzip, xlsx, header lookup and the
// errors people get for malformed files.
#include "referentials/table.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "referentials/import_error_testing.h"
#include "referentials/pg_dump.h"
#include "referentials/progress.h"
#include "referentials/xlsx.h"
#include "support/referential_data.h"
#include "support/test_stores.h"

using namespace jalon::referentials;
using jalon::testing::referential_fixture;

using jalon::referentials::test_support::error_of;

namespace {

std::vector<std::vector<std::string>> all_rows(TableReader& in) {
  std::vector<std::vector<std::string>> out;
  while (in.next()) {
    std::vector<std::string> row;
    for (std::size_t i = 0; i < in.header().size(); ++i) row.emplace_back(in.raw({i, ""}));
    out.push_back(row);
  }
  return out;
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string dir = jalon::testing::scratch_dir();
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

TEST_CASE("CSV: BOM, CRLF, quoted separators and newlines, doubled quotes, blank lines") {
  auto in = open_table(referential_fixture("csv_quirks.csv"), {.separator = ';'});
  CHECK(in->header() == std::vector<std::string>{"code", "libellé", "note"});
  auto rows = all_rows(*in);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == std::vector<std::string>{"A1", "Pain; viennoiserie", "dit \"bio\""});
  CHECK(rows[1] == std::vector<std::string>{"B2", "Sur deux", ""});
  CHECK(rows[2] == std::vector<std::string>{"", "simple", ""});
  CHECK(rows[3] == std::vector<std::string>{"C3", "ligne 1\nligne 2", ""});
  CHECK(rows[4] == std::vector<std::string>{"D4", "fin", "x"});
}

TEST_CASE("CSV: a record spanning lines reports the line it starts on") {
  auto in = open_table(referential_fixture("csv_quirks.csv"), {.separator = ';'});
  std::vector<int64_t> lines;
  while (in->next()) lines.push_back(in->line());
  CHECK(lines == std::vector<int64_t>{2, 4, 5, 6, 9});
}

TEST_CASE("CSV: a field count that differs from the header names file, line and separator") {
  std::string path = write_temp("t.csv", "a,b,c\n1,2,3\n4,5\n");
  auto in = open_table(path, {});
  CHECK(in->next());
  CHECK(error_of([&] { in->next(); }) ==
        "t.csv, ligne 3 : 2 champs au lieu de 3 (séparateur « , »)");
}

TEST_CASE("CSV: an unterminated quote is an error, not a silently swallowed file") {
  std::string path = write_temp("t.csv", "a,b\n1,\"open\n2,3\n");
  auto in = open_table(path, {});
  CHECK(error_of([&] { in->next(); }) ==
        "t.csv, ligne 2 : guillemet ouvert et jamais fermé (fichier tronqué ?)");
}

TEST_CASE("columns are found by name, in any order, with accents and case ignored") {
  std::string path = write_temp("t.csv", "Libellé,CODE_ROME\nAide-soignant,J1501\n");
  auto in = open_table(path, {});
  Column code = in->column({"code_rome"});
  Column label = in->column({"libelle"});
  REQUIRE(in->next());
  CHECK(in->required(code) == "J1501");
  CHECK(in->required(label) == "Aide-soignant");
  CHECK(error_of([&] {
          in->column({"code_ogr", "code"});
        }) == "t.csv, ligne 1 : colonne manquante : « code_ogr » ou « code »");
}

TEST_CASE("typed accessors refuse what is not a number, naming line and column") {
  std::string path = write_temp("t.csv", "n,x\n12,4.5\ndouze,4,5\n");
  auto in = open_table(path, {});
  Column n = in->column({"n"}), x = in->column({"x"});
  REQUIRE(in->next());
  CHECK(in->integer(n) == 12);
  CHECK(in->decimal(x) == doctest::Approx(4.5));
  std::string path2 = write_temp("t.csv", "n,x\ndouze,\"4,5\"\n");
  auto in2 = open_table(path2, {});
  REQUIRE(in2->next());
  CHECK(in2->decimal(x) == doctest::Approx(4.5));  // a French decimal comma
  CHECK(error_of([&] { in2->integer(n); }) ==
        "t.csv, ligne 2, colonne « n » : « douze » n'est pas un nombre entier");
}

TEST_CASE("ROME's doubled apostrophes are undone only when asked") {
  std::string path = write_temp("t.csv", "\"l\"\n\"Abattage d''arbres\"\n");
  auto rome = open_table(path, {.doubled_apostrophes = true});
  REQUIRE(rome->next());
  CHECK(rome->text({0, "l"}) == "Abattage d'arbres");
  auto plain = open_table(path, {});
  REQUIRE(plain->next());
  CHECK(plain->text({0, "l"}) == "Abattage d''arbres");
}

TEST_CASE("a UTF-8 data set saved in ISO-8859-1 is refused with the line and column") {
  auto in = open_table(referential_fixture("Export_Communes_Zones_Emploi_latin1.csv"), {});
  Column name = in->column({"libgeo"});
  REQUIRE(in->next());
  CHECK(in->text(name) == "Moirans");
  REQUIRE(in->next());
  CHECK(error_of([&] { in->text(name); }) ==
        "Export_Communes_Zones_Emploi_latin1.csv, ligne 3, colonne « libgeo » : texte qui n'est "
        "pas de l'UTF-8 valide (fichier enregistré dans un autre encodage, ISO-8859-1 par "
        "exemple ?)");
}

TEST_CASE("Windows-1252 files are converted to UTF-8, œ and accents included") {
  std::string path = write_temp("t.txt", std::string("a;b\r\nB0Z;gros \x9C"
                                                     "uvre du b\xE2timent\r\n"));
  auto in = open_table(path, {.separator = ';', .encoding = Encoding::kWindows1252});
  REQUIRE(in->next());
  CHECK(in->text({1, "b"}) == "gros œuvre du bâtiment");
  std::string bad = write_temp("t.txt", std::string("a\n\x81\n"));
  CHECK(error_of([&] {
          auto in2 = open_table(bad, {.separator = ';', .encoding = Encoding::kWindows1252});
          in2->next();
        }) == "t.txt, ligne 2 : l'octet 0x81 n'existe pas en Windows-1252");
}

TEST_CASE("gzip files are read transparently, and a truncated one is an error") {
  std::string plain = "code,label\n";
  for (int i = 0; i < 5000; ++i)
    plain += std::to_string(i) + ",libellé " + std::to_string(i) + "\n";
  std::string dir = jalon::testing::scratch_dir();
  std::string gz = dir + "/t.csv.gz";
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, plain.data(), static_cast<unsigned>(plain.size()));
  gzclose(f);
  auto in = open_table(gz, {});
  int64_t n = 0;
  while (in->next()) ++n;
  CHECK(n == 5000);
  std::string bytes;
  {
    std::ifstream is(gz, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(is), {});
  }
  std::string cut = write_temp("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  CHECK(error_of([&] {
          auto truncated = open_table(cut, {});
          while (truncated->next()) {
          }
        }) == "cut.csv.gz : lecture impossible : fichier compressé tronqué");
}

TEST_CASE(
    "xlsx: the data sheet is chosen by its columns, its cells read as the CSV of the same table") {
  auto xlsx = open_table(referential_fixture("Base_open_data_BMO_2025_sample.xlsx"),
                         {.sheet_columns = {"annee", "met"}});
  auto csv = open_table(referential_fixture("bmo_2025_sample.csv"), {});
  CHECK(xlsx->file() == "Base_open_data_BMO_2025_sample.xlsx, feuille « BMO 2025 »");
  CHECK(xlsx->header() == csv->header());
  auto from_xlsx = all_rows(*xlsx);
  CHECK(from_xlsx == all_rows(*csv));
  CHECK(from_xlsx.size() == 6);
  CHECK(from_xlsx[3][11] == "*");
}

TEST_CASE("xlsx: a truncated workbook, or no sheet with the columns, is a clear error") {
  CHECK(error_of([] { open_table(referential_fixture("bmo_truncated.xlsx"), {}); }) ==
        "bmo_truncated.xlsx : classeur xlsx illisible : archive zip tronquée ou corrompue, ou "
        "fichier qui n'est pas un classeur Excel");
  CHECK(error_of([] {
          open_table(referential_fixture("Base_open_data_BMO_2025_sample.xlsx"),
                     {.sheet_columns = {"annee", "code_rome"}});
        }) ==
        "Base_open_data_BMO_2025_sample.xlsx : aucune feuille n'a les colonnes attendues "
        "(annee, code_rome)");
  CHECK(error_of([] {
          open_table(referential_fixture("csv_quirks.csv") + ".xlsx", {});
        }).starts_with("csv_quirks.csv.xlsx : fichier introuvable"));
}

TEST_CASE("xlsx: the published BMO 2024 workbook streams its 53 443 rows") {
  XlsxWorkbook book(jalon::testing::shipped_data("labour_market/Base_open_data_BMO_2024.xlsx"));
  REQUIRE(book.sheets().size() == 2);
  book.open_sheet(1);
  std::vector<std::string> cells;
  int64_t row = 0, rows = 0;
  REQUIRE(book.next_row(cells, row));
  CHECK(cells.at(11) == "met");
  while (book.next_row(cells, row)) ++rows;
  CHECK(rows == 53443);
  CHECK(row == 53444);
}

TEST_CASE("pg_dump COPY blocks: columns from the COPY line, text-format escapes undone") {
  std::string path =
      write_temp("dump.sql",
                 "SET x = 1;\n\nCOPY public.jobs_rome (code, name, updated_at) FROM stdin;\n"
                 "A1101\tConduite d'engins\\tagricoles\t2024-09-17\nK1302\t\\N\t2024-09-18\n\\.\n\n"
                 "COPY public.other (a) FROM stdin;\nz\n\\.\n");
  CopyTable in(path, "public.jobs_rome", nullptr);
  CHECK(in.header() == std::vector<std::string>{"code", "name", "updated_at"});
  auto rows = all_rows(in);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][1] == "Conduite d'engins\tagricoles");
  CHECK(rows[1][1] == "");
  CHECK(unescape_copy_field("a\\\\b\\101") == "a\\bA");
  CHECK(error_of([&] { CopyTable(path, "public.absent", nullptr); }) ==
        "dump.sql : bloc « COPY public.absent » introuvable dans le fichier");
}

TEST_CASE("the progress bar line shows the label, the bar and the percentage") {
  CHECK(progress_line("communes.json", 50, 200, 8) == "communes.json  [##------]  25 %");
  CHECK(progress_line("x", 300, 200, 4) == "x  [####] 100 %");
  CHECK(progress_line("vide", 0, 0, 4) == "vide  [####] 100 %");
}
