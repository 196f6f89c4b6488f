// Every corpus file of fuzz/corpus/<target>/ (the seeds, and every input a fuzzing run found
// worth keeping or that once crashed) goes through its entry point in the normal ASan/UBSan
// build: a regression in a reader shows here without running the fuzzer.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/entries.h"
#include "http/server.h"

namespace fs = std::filesystem;

TEST_CASE("fuzz corpora: every saved input of every target runs through its entry point") {
  const fs::path root = JALON_FUZZ_CORPUS;
  for (const auto& target : jalon::fuzz::targets()) {
    CAPTURE(target.name);
    fs::path dir = root / target.name;
    REQUIRE(fs::is_directory(dir));
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      CAPTURE(e.path().string());
      std::ifstream in(e.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CHECK_NOTHROW(target.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      ++files;
    }
    CHECK(files >= 3);  // seeds from data/ and hand-written edge cases
  }
}

TEST_CASE("the multipart seed is a real upload: one text field and one file") {
  std::ifstream in(fs::path(JALON_FUZZ_CORPUS) / "multipart" / "upload", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto eol = bytes.find('\n');
  REQUIRE(eol != std::string::npos);
  jalon::http::Request req;
  std::string problem;
  REQUIRE(jalon::http::parse_multipart(std::string_view(bytes).substr(eol + 1),
                                       std::string_view(bytes).substr(0, eol), req, 20, problem));
  CHECK(req.form.get("kind") == "justificatif");
  REQUIRE(req.files.size() == 1);
  CHECK(req.files[0].filename == "été.pdf");
  CHECK(req.files[0].data == "%PDF-1.4");
  // Over the part limit: refused with the reason.
  CHECK_FALSE(jalon::http::parse_multipart(std::string_view(bytes).substr(eol + 1),
                                           std::string_view(bytes).substr(0, eol), req, 1,
                                           problem));
  CHECK(problem == "trop de parties dans le formulaire");
}
