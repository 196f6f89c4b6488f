// Reading a file as a producer publishes it: plain or gzip-compressed (a name ending in .gz is
// read through zlib, which also passes plain files through untouched), in the producer's
// encoding. UTF-8 files may start with a byte-order mark, which is dropped. Windows-1252 files
// (DARES publishes its SAS formats in it; it is ISO-8859-1 plus typographic characters such as
// « œ » in 0x80–0x9F) are converted to UTF-8 with iconv as they stream. Everything downstream
// sees UTF-8 only. Errors (missing file, truncated archive, bytes the encoding cannot hold) are
// ImportErrors naming the file.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "referentials/progress.h"

namespace jalon::referentials {

enum class Encoding { kUtf8, kWindows1252 };

// "data/geo/communes.json.gz" -> "communes.json.gz": how messages name a file.
std::string base_name(const std::string& path);

class TextSource {
 public:
  TextSource(const std::string& path, Encoding encoding);
  ~TextSource();
  TextSource(const TextSource&) = delete;
  TextSource& operator=(const TextSource&) = delete;

  // Up to n (>= 16) bytes of UTF-8 into out; 0 at the end of the file.
  size_t read(char* out, size_t n);
  // Base name of the file, for messages.
  const std::string& file() const { return name_; }
  // Bytes of the file on disk, and how many of them have been consumed (for progress).
  uint64_t size() const { return size_; }
  uint64_t position() const;

 private:
  size_t read_raw(char* out, size_t n);
  size_t convert(char* out, size_t n);

  std::string name_;
  uint64_t size_ = 0;
  void* gz_ = nullptr;     // gzFile
  void* iconv_ = nullptr;  // iconv_t, when converting
  std::string pending_;    // raw bytes read but not yet converted
  bool at_start_ = true;
  int64_t lines_ = 1;  // lines converted so far, to place an encoding error
};

}  // namespace jalon::referentials

namespace jalon::referentials {

// In a data set's directory, the one file whose name starts with `prefix` and ends with one of
// `suffixes` (e.g. ".csv", ".csv.gz"). When `path` is a file rather than a directory, it is the
// file the user chose and is returned as it is. ImportError when several files match, or none and
// the file is `required`.
std::string find_dataset_file(const std::string& path, const std::string& prefix,
                              const std::vector<std::string>& suffixes, bool required);
// ImportError unless path is a directory (data sets made of several files).
void require_directory(const std::string& path);
// The first four-digit year in a file or directory name ("cog-2026" -> "2026"), or "".
std::string year_in_name(const std::string& path);

}  // namespace jalon::referentials
