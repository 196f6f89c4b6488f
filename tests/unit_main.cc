#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/log.h"

int main(int argc, char** argv) {
  jalon::log::set_quiet(true);
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
