// One libFuzzer target per entry point: built with -DJALON_FUZZ_TARGET=<name> (see
// fuzz/CMakeLists.txt and fuzz/run.sh).
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz/entries.h"

#define JALON_STR2(x) #x
#define JALON_STR(x) JALON_STR2(x)

namespace {
jalon::fuzz::Entry entry() {
  static const jalon::fuzz::Entry e = [] {
    for (const auto& t : jalon::fuzz::targets()) {
      if (t.name == std::string_view(JALON_STR(JALON_FUZZ_TARGET))) return t.entry;
    }
    std::fprintf(stderr, "unknown fuzz target %s\n", JALON_STR(JALON_FUZZ_TARGET));
    std::abort();
  }();
  return e;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  entry()(data, size);
  return 0;
}
