// Paths of the referential data the tests read: the open data shipped in the repository's data/
// directory, and the small hand-made files under tests/fixtures/referentials/.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

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

}  // namespace jalon::testing
