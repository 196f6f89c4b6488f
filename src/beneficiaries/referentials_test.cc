#include "beneficiaries/referentials.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace jalon::beneficiaries;

TEST_CASE("referential lists have the documented sizes and unique codes") {
  CHECK(situations().size() == 88);
  CHECK(education_levels().size() == 10);
  int social = 0;
  for (const auto& t : themes()) social += professional(t) ? 0 : 1;
  CHECK(social == 10);
  CHECK(prescriber_kinds().size() == 36);
  std::set<std::string> codes;
  for (const auto& s : situations()) {
    CHECK(find_theme(s.group) != nullptr);
    CHECK(codes.insert(std::string(s.code)).second);
  }
  CHECK(label_of(rights(), "aah") == "AAH");
  CHECK(label_of(rights(), "unknown") == "unknown");
}
