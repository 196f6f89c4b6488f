// Charts in DOCX: a PNG at the chart's real size (192 dpi recorded, twice the pixels), the
// drawing sized by pandoc from it (cx/cy not 0), and the SVG added back as the svgBlip.
#include "territorial/docx_charts.h"

#include <doctest/doctest.h>
#include <minizip/unzip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "ui/charts.h"
#include "ui/pdf.h"

using namespace jalon;
using namespace jalon::territorial;

namespace {

uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 24) | (static_cast<unsigned char>(s[at + 1]) << 16) |
         (static_cast<unsigned char>(s[at + 2]) << 8) | static_cast<unsigned char>(s[at + 3]);
}

std::string part(const std::string& docx, const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("jalon-docx-test-" + std::to_string(::getpid()) + ".docx");
  std::ofstream(path, std::ios::binary) << docx;
  unzFile z = unzOpen64(path.c_str());
  REQUIRE(z);
  std::string out;
  if (unzLocateFile(z, name.c_str(), 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
    char chunk[65536];
    int n;
    while ((n = unzReadCurrentFile(z, chunk, sizeof chunk)) > 0) out.append(chunk, n);
    unzCloseCurrentFile(z);
  }
  unzClose(z);
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST_CASE("docx charts: PNG fallback at the chart's real size, SVG beside it") {
  std::string svg = ui::bar_chart("Parts", "BMO 2024", {"Territoire", "France"},
                                  {{"Part difficile (%)", {66.8, 57.0}}});
  auto [w, h] = svg_size(svg);
  CHECK(w == 650);
  CHECK(h > 100);
  CHECK(svg_size("<svg width=\"10\"></svg>") == std::pair{0, 0});

  auto png = svg_to_png(svg);
  REQUIRE_MESSAGE(png.ok(), (png.ok() ? "" : png.error().message));
  REQUIRE(png->substr(1, 3) == "PNG");
  CHECK(be32(*png, 16) == static_cast<uint32_t>(2 * w));  // IHDR width
  CHECK(be32(*png, 20) == static_cast<uint32_t>(2 * h));
  auto phys = png->find("pHYs");
  REQUIRE(phys != std::string::npos);
  CHECK(be32(*png, phys + 4) == 7559);  // 192 dpi: the chart's size at 96 dpi

  std::string html =
      "<html><body><h1>Note</h1><p><img src=\"figure-1.png\" alt=\"Parts\"></p>"
      "<table><tr><th>Zone</th></tr><tr><td>France</td></tr></table></body></html>";
  auto docx = ui::html_to_docx(html, {{"figure-1.png", *png}});
  REQUIRE_MESSAGE(docx.ok(), (docx.ok() ? "" : docx.error().message));
  auto with_svg = add_svg_to_docx(*docx, {{*png, svg}});
  REQUIRE(with_svg.ok());
  std::string document = part(*with_svg, "word/document.xml");
  std::smatch m;
  REQUIRE(std::regex_search(document, m, std::regex(R"re(<wp:extent cx="(\d+)" cy="(\d+)")re")));
  long cx = std::stol(m[1].str()), cy = std::stol(m[2].str());
  CHECK(cx > 0);
  // The drawing keeps the chart's proportions (fitted to the page, never stretched).
  CHECK(static_cast<double>(cy) / cx == doctest::Approx(static_cast<double>(h) / w).epsilon(0.01));
  CHECK(document.find("asvg:svgBlip") != std::string::npos);
  std::string rels = part(*with_svg, "word/_rels/document.xml.rels");
  std::smatch svg_rel;
  REQUIRE(std::regex_search(rels, svg_rel, std::regex(R"rel(Target="(media/[^"]+\.svg)")rel")));
  std::string stored = part(*with_svg, "word/" + svg_rel[1].str());
  CHECK(stored.find("width=\"650\"") != std::string::npos);
  CHECK(stored.find("66,8") != std::string::npos);
  CHECK(part(*with_svg, "[Content_Types].xml").find("image/svg+xml") != std::string::npos);
  // The PNG is still there, as the fallback.
  CHECK(document.find("<a:blip r:embed=") != std::string::npos);
}
