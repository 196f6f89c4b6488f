// Upload checks that need no store: a file that is two formats at once (a PDF or image that is
// also an HTML page) and an office archive whose entries climb out of their folder are refused
// with a message naming the reason; ordinary files of each kind still pass.
#include "pathways/documents.h"

#include <doctest/doctest.h>
#include <minizip/zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

// A DOCX-shaped zip holding `entries` (name, text), written to `path`; returns its bytes.
std::string make_zip(const fs::path& path,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(z);
  for (const auto& [name, text] : entries) {
    zip_fileinfo info{};
    REQUIRE(zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) == ZIP_OK);
    zipWriteInFileInZip(z, text.data(), static_cast<unsigned>(text.size()));
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("documents: a PDF or image that is also an HTML page is refused") {
  using jalon::pathways::checked_type;
  std::string pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
  CHECK(checked_type("a.pdf", pdf, "").ok());
  for (std::string html : {"<html><body><script>alert(document.cookie)</script>",
                           "<SCRIPT src=//x.example/a.js></SCRIPT>", "<!DOCTYPE html>",
                           "<iframe src=x>", "<svg onload=alert(1)>"}) {
    auto r = checked_type("attestation.pdf", pdf + "\n" + html + "\n%%EOF", "");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "file");
    CHECK(r.error().message.find("code HTML") != std::string::npos);
  }
  std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "<html>";
  CHECK_FALSE(checked_type("photo.png", png, "").ok());
  // Angle brackets that are not HTML tags stay accepted (PDF dictionaries, a "<bodyguard" word).
  CHECK(checked_type("a.pdf", pdf + "<< /Type /Catalog >> <bodyguard <htmlx", "").ok());
}

TEST_CASE("documents: a DOCX whose entries leave their folder is refused") {
  using jalon::pathways::checked_type;
  fs::path dir = fs::temp_directory_path() / ("jalon-doc-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::pair<std::string, std::string>> docx = {{"[Content_Types].xml", "<Types/>"},
                                                           {"word/document.xml", "<w:document/>"}};
  auto good = make_zip(dir / "good.docx", docx);
  CHECK(checked_type("cv.docx", good, (dir / "good.docx").string()).ok());
  for (std::string evil : {"../../etc/cron.d/x", "word/../../x.xml", "/etc/passwd", "..\\..\\x.xml",
                           "C:/x.xml", "word/.."}) {
    auto entries = docx;
    entries.emplace_back(evil, "x");
    auto bytes = make_zip(dir / "evil.docx", entries);
    auto r = checked_type("cv.docx", bytes, (dir / "evil.docx").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "file");
    CHECK_MESSAGE(r.error().message.find("« ../ »") != std::string::npos, evil);
  }
  // A name with two dots inside it is ordinary.
  auto dots = docx;
  dots.emplace_back("word/media/image..1.png", "x");
  auto ok = make_zip(dir / "dots.docx", dots);
  CHECK(checked_type("cv.docx", ok, (dir / "dots.docx").string()).ok());
  fs::remove_all(dir);
}
