// The fuzz targets carry no embedded assets: templates are fuzzed from their text alone.
#include "core/assets.h"

namespace jalon::assets {
std::span<const Asset> embedded() {
  return {};
}
}  // namespace jalon::assets
