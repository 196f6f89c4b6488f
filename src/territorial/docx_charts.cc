#include "territorial/docx_charts.h"

#include <fcntl.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "core/log.h"
#include "core/subprocess.h"

extern char** environ;

namespace jalon::territorial {
namespace {

namespace fs = std::filesystem;

constexpr int kTimeoutSeconds = 30;
constexpr int kScale = 2;                   // pixels per chart unit
constexpr uint32_t kPixelsPerMetre = 7559;  // 192 dpi: 2 pixels per 1/96 in
constexpr const char* kSvgBlipUri = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";

using subprocess::write_file;

struct Scratch : subprocess::Scratch {
  Scratch() : subprocess::Scratch("jalon-charts") {}
};

std::string read_file(const fs::path& p) {
  return subprocess::read_file(p).value_or("");
}

// Runs argv (no shell) with its output to `log`; false when it fails or outlives the limit.
bool run(const std::vector<std::string>& args, const fs::path& log) {
  return subprocess::run(args, log, fs::current_path(),
                         std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds));
}

void put_u32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xff);
}

// The PNG with a pHYs chunk (its resolution) right after IHDR, replacing any it had.
std::string with_resolution(const std::string& png, uint32_t ppm) {
  constexpr std::size_t kIhdrEnd = 8 + 4 + 4 + 13 + 4;
  if (png.size() < kIhdrEnd || png.compare(12, 4, "IHDR") != 0) return png;
  std::string data = "pHYs";
  put_u32(data, ppm);
  put_u32(data, ppm);
  data += '\x01';  // unit: metre
  std::string chunk;
  put_u32(chunk, 9);
  chunk += data;
  put_u32(chunk, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()),
                                             static_cast<uInt>(data.size()))));
  std::string out = png.substr(0, kIhdrEnd) + chunk;
  // Copy the other chunks, dropping an existing pHYs.
  for (std::size_t at = kIhdrEnd; at + 12 <= png.size();) {
    uint32_t len = (static_cast<unsigned char>(png[at]) << 24) |
                   (static_cast<unsigned char>(png[at + 1]) << 16) |
                   (static_cast<unsigned char>(png[at + 2]) << 8) |
                   static_cast<unsigned char>(png[at + 3]);
    std::size_t next = at + 12 + len;
    if (next > png.size()) return png;
    if (png.compare(at + 4, 4, "pHYs") != 0) out += png.substr(at, next - at);
    at = next;
  }
  return out;
}

// The chart with its size in pixels instead of width="100%", for renderers outside a page.
std::string sized(const std::string& svg) {
  auto [w, h] = svg_size(svg);
  std::string out = svg;
  auto at = out.find(" width=\"100%\"");
  if (w > 0 && at != std::string::npos && at < out.find('>')) {
    out.replace(at, 13,
                " width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) + "\"");
  }
  return out;
}

using Entries = std::vector<std::pair<std::string, std::string>>;  // name, bytes, in order

std::optional<Entries> unzip_all(const fs::path& path) {
  unzFile z = unzOpen64(path.c_str());
  if (!z) return std::nullopt;
  Entries out;
  bool ok = unzGoToFirstFile(z) == UNZ_OK;
  while (ok) {
    char name[512];
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(z, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
        unzOpenCurrentFile(z) != UNZ_OK) {
      unzClose(z);
      return std::nullopt;
    }
    std::string bytes;
    char chunk[65536];
    int n;
    while ((n = unzReadCurrentFile(z, chunk, sizeof chunk)) > 0) bytes.append(chunk, n);
    unzCloseCurrentFile(z);
    if (n < 0) {
      unzClose(z);
      return std::nullopt;
    }
    out.emplace_back(name, std::move(bytes));
    ok = unzGoToNextFile(z) == UNZ_OK;
  }
  unzClose(z);
  return out;
}

bool zip_all(const fs::path& path, const Entries& entries) {
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (!z) return false;
  bool ok = true;
  for (const auto& [name, bytes] : entries) {
    zip_fileinfo info{};
    ok = ok &&
         zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                               Z_DEFAULT_COMPRESSION, 0) == ZIP_OK &&
         zipWriteInFileInZip(z, bytes.data(), static_cast<unsigned>(bytes.size())) == ZIP_OK &&
         zipCloseFileInZip(z) == ZIP_OK;
  }
  return zipClose(z, nullptr) == ZIP_OK && ok;
}

std::string* find_entry(Entries& entries, const std::string& name) {
  for (auto& [n, b] : entries) {
    if (n == name) return &b;
  }
  return nullptr;
}

// The Id of the relationship whose Target is `target` in a .rels part ("" if none).
std::string relationship_id(const std::string& rels, const std::string& target) {
  auto at = rels.find("Target=\"" + target + "\"");
  if (at == std::string::npos) return {};
  auto start = rels.rfind("<Relationship ", at), end = rels.find("/>", at);
  if (start == std::string::npos || end == std::string::npos) return {};
  std::string element = rels.substr(start, end - start);
  std::smatch m;
  static const std::regex id(R"(\bId="([^"]+)\")");
  return std::regex_search(element, m, id) ? m[1].str() : std::string();
}

}  // namespace

std::pair<int, int> svg_size(const std::string& svg) {
  static const std::regex view_box(
      R"re(viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*")re");
  std::smatch m;
  std::string head = svg.substr(0, svg.find('>'));
  if (!std::regex_search(head, m, view_box)) return {0, 0};
  return {static_cast<int>(std::stod(m[1].str())), static_cast<int>(std::stod(m[2].str()))};
}

Result<std::string> svg_to_png(const std::string& svg) {
  auto [w, h] = svg_size(svg);
  if (w <= 0 || h <= 0) return Error::invalid("Graphique sans dimensions (viewBox)");
  Scratch tmp;
  write_file(tmp.dir / "chart.svg", sized(svg));
  fs::path png = tmp.dir / "chart.png", log = tmp.dir / "rsvg.log";
  bool ok = run({"rsvg-convert", "--format=png", "--width=" + std::to_string(w * kScale),
                 "--height=" + std::to_string(h * kScale), "--background-color=white",
                 "--output=" + png.string(), (tmp.dir / "chart.svg").string()},
                log);
  std::string bytes = ok ? read_file(png) : std::string();
  if (bytes.size() < 100) {
    std::string detail = read_file(log);
    log::error("chart png failed", {{"detail", detail.substr(0, 400)}});
    return Error::unavailable("La conversion d'un graphique en image a échoué (rsvg-convert).");
  }
  return with_resolution(bytes, kPixelsPerMetre);
}

Result<std::string> add_svg_to_docx(
    const std::string& docx, const std::vector<std::pair<std::string, std::string>>& charts) {
  Scratch tmp;
  write_file(tmp.dir / "in.docx", docx);
  auto entries = unzip_all(tmp.dir / "in.docx");
  std::string* document = entries ? find_entry(*entries, "word/document.xml") : nullptr;
  std::string* rels = entries ? find_entry(*entries, "word/_rels/document.xml.rels") : nullptr;
  std::string* types = entries ? find_entry(*entries, "[Content_Types].xml") : nullptr;
  if (!document || !rels || !types) {
    return Error::unavailable("Document Word illisible après conversion.");
  }
  std::map<std::string, const std::string*> svg_of_png;
  for (const auto& [png, svg] : charts) svg_of_png[png] = &svg;
  Entries added;
  for (const auto& [name, bytes] : *entries) {
    if (!name.starts_with("word/media/") || !name.ends_with(".png")) continue;
    auto it = svg_of_png.find(bytes);
    if (it == svg_of_png.end()) continue;
    std::string target = name.substr(5);  // "media/rId20.png"
    std::string id = relationship_id(*rels, target);
    if (id.empty()) continue;
    std::string svg_target = target.substr(0, target.size() - 4) + ".svg";
    std::string svg_id = id + "s";
    rels->insert(rels->rfind("</Relationships>"),
                 "<Relationship Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                 "relationships/image\" Id=\"" +
                     svg_id + "\" Target=\"" + svg_target + "\" />");
    const std::string ext =
        "<a:blip r:embed=\"" + id + "\"><a:extLst><a:ext uri=\"" + kSvgBlipUri +
        "\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/"
        "main\" r:embed=\"" +
        svg_id + "\" /></a:ext></a:extLst></a:blip>";
    for (const std::string& blip :
         {"<a:blip r:embed=\"" + id + "\" />", "<a:blip r:embed=\"" + id + "\"/>"}) {
      for (auto at = document->find(blip); at != std::string::npos;
           at = document->find(blip, at + ext.size())) {
        document->replace(at, blip.size(), ext);
      }
    }
    added.emplace_back("word/" + svg_target, sized(*it->second));
  }
  if (added.empty()) return docx;
  if (types->find("Extension=\"svg\"") == std::string::npos) {
    types->insert(types->rfind("</Types>"),
                  "<Default Extension=\"svg\" ContentType=\"image/svg+xml\" />");
  }
  entries->insert(entries->end(), added.begin(), added.end());
  if (!zip_all(tmp.dir / "out.docx", *entries)) {
    return Error::unavailable("La création du document Word a échoué (archive).");
  }
  return read_file(tmp.dir / "out.docx");
}

}  // namespace jalon::territorial
