#include "core/generation_cache.h"

#include <doctest/doctest.h>

using namespace jalon;

TEST_CASE("generation cache: a value serves its own generation only, and the cache stays bounded") {
  GenerationCache<int> cache(2);
  int computed = 0;
  auto make = [&] { return ++computed; };
  CHECK(cache.get_or("a", 1, make) == 1);
  CHECK(cache.get_or("a", 1, make) == 1);  // served, not recomputed
  CHECK(computed == 1);
  CHECK(cache.hits() == 1);
  CHECK(cache.get_or("a", 2, make) == 2);  // a write bumped the generation
  CHECK(cache.misses() == 2);
  cache.store("b", 1, 10);
  cache.store("c", 1, 20);  // full: emptied first
  CHECK(!cache.find("a", 2));
  CHECK(!cache.find("b", 1));
  CHECK(cache.find("c", 1) == 20);
}
