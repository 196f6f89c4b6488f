// Paths of the referential data the tests read: the open data shipped in the repository's data/
// directory, and the small hand-made files under tests/fixtures/referentials/.
#pragma once
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "support/test_stores.h"

namespace jalon::testing {

// The repository root, found from this header's own path.
inline std::filesystem::path source_root() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

// data/<rel> (e.g. "rome/v347").
inline std::string shipped_data(std::string_view rel) {
  return (source_root() / "data" / rel).string();
}

// tests/fixtures/referentials/<rel>.
inline std::string referential_fixture(std::string_view rel) {
  return (source_root() / "tests" / "fixtures" / "referentials" / rel).string();
}

// A fresh directory for scratch files, inside one directory that is removed when the test binary
// exits (ctest runs each test case as its own process).
inline std::string scratch_dir() {
  static struct Root {
    std::string path = make_temp_dir();
    ~Root() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } root;
  static std::mutex m;
  static int n = 0;
  std::lock_guard lock(m);
  std::string dir = root.path + "/" + std::to_string(++n);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace jalon::testing
