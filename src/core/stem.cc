#include "core/stem.h"

#include <libstemmer.h>

#include <memory>
#include <stdexcept>

namespace jalon::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

sb_stemmer* stemmer() {
  // A Snowball stemmer keeps per-call state: one per thread, created on first use.
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> s(sb_stemmer_new("french", "UTF_8"));
  if (!s) throw std::runtime_error("libstemmer: no French stemmer");
  return s.get();
}

}  // namespace

std::string french_stem(std::string_view folded_word) {
  sb_stemmer* s = stemmer();
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                                         static_cast<int>(folded_word.size()));
  if (!out) throw std::bad_alloc();
  return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s))};
}

}  // namespace jalon::text
