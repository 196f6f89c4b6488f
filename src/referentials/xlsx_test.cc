// A hostile workbook is refused with an ImportError naming file, row and cell, before it can
// exhaust memory: zip entries that inflate past their bound (whatever size they declare), a row
// whose XML never ends, column letters that would overflow.
#include "referentials/xlsx.h"

#include <doctest/doctest.h>
#include <minizip/zip.h>

#include <functional>
#include <string>
#include <vector>

#include "referentials/import_error.h"
#include "referentials/import_error_testing.h"
#include "support/referential_data.h"

using namespace jalon::referentials;

using jalon::referentials::test_support::error_of;

namespace {

const char* kRels =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";
const char* kBook =
    R"(<workbook xmlns:r="r"><sheets><sheet name="Data" r:id="rId1"/></sheets></workbook>)";

std::string sheet(const std::string& rows) {
  return "<worksheet><sheetData>" + rows + "</sheetData></worksheet>";
}

// A workbook of one sheet; `extra` parts are added as they are.
std::string workbook(const std::string& name, const std::string& sheet_xml,
                     const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  std::string path = jalon::testing::scratch_dir() + "/" + name;
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(z);
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/_rels/workbook.xml.rels", kRels},
      {"xl/workbook.xml", kBook},
      {"xl/worksheets/sheet1.xml", sheet_xml}};
  parts.insert(parts.end(), extra.begin(), extra.end());
  for (const auto& [part, text] : parts) {
    zip_fileinfo info{};
    REQUIRE(zipOpenNewFileInZip64(z, part.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_BEST_SPEED, 1) == ZIP_OK);
    zipWriteInFileInZip(z, text.data(), static_cast<unsigned>(text.size()));
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  return path;
}

std::vector<std::vector<std::string>> rows_of(const std::string& path, XlsxLimits limits = {}) {
  XlsxWorkbook book(path, limits);
  book.open_sheet(0);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> cells;
  int64_t row = 0;
  while (book.next_row(cells, row)) out.push_back(cells);
  return out;
}

}  // namespace

TEST_CASE("xlsx limits: an ordinary sheet reads, column XFD included") {
  auto path =
      workbook("ok.xlsx", sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>)"
                                R"(<c r="C1"><v>7</v></c></row>)"
                                R"(<row r="2"><c r="XFD2"><v>1</v></c></row>)"));
  auto rows = rows_of(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"code", "", "7"});
  CHECK(rows[1].size() == 16384);
}

TEST_CASE("xlsx limits: column letters past XFD are refused, naming the row and the cell") {
  // 26^7 overflows an int: before the bound, "AAAAAAAA" wrapped around to some column.
  for (std::string ref : {"XFE3", "AAAA3", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA3"}) {
    auto path =
        workbook("cols.xlsx", sheet(R"(<row r="3"><c r=")" + ref + R"("><v>1</v></c></row>)"));
    CHECK(error_of([&] { rows_of(path); }) ==
          "cols.xlsx, partie xl/worksheets/sheet1.xml, ligne 3, colonne « " + ref +
              " » : colonne au-delà de la dernière colonne d'Excel (XFD)");
  }
}

TEST_CASE("xlsx limits: a part that inflates past its bound is refused (zip bomb)") {
  std::string strings = "<sst><si><t>" + std::string(3 << 20, 'a') + "</t></si></sst>";
  auto path = workbook("bomb.xlsx", sheet(""), {{"xl/sharedStrings.xml", strings}});
  CHECK(error_of([&] { XlsxWorkbook(path, {.part_bytes = 1 << 20}); }) ==
        "bomb.xlsx, partie xl/sharedStrings.xml : partie de plus de 1 Mio une fois décompressée "
        "(refusée)");
  std::string big_sheet = sheet(std::string(3 << 20, ' '));
  auto sheet_path = workbook("bigsheet.xlsx", big_sheet);
  CHECK(error_of([&] { rows_of(sheet_path, {.sheet_bytes = 1 << 20}); }) ==
        "bigsheet.xlsx, partie xl/worksheets/sheet1.xml : feuille de plus de 1 Mio une fois "
        "décompressée (refusée)");
}

TEST_CASE("xlsx limits: a row whose XML never ends does not grow the buffer without bound") {
  std::string endless = R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>)" +
                        std::string(3 << 20, '9');
  auto path = workbook("endless.xlsx", "<worksheet><sheetData>" + endless);
  CHECK(error_of([&] { rows_of(path, {.row_bytes = 1 << 20}); }) ==
        "endless.xlsx, partie xl/worksheets/sheet1.xml, ligne 2 : ligne de plus de 1 Mio de XML "
        "(refusée)");
}
