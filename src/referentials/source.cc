#include "referentials/source.h"

#include <iconv.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "referentials/import_error.h"

namespace jalon::referentials {
namespace {

gzFile as_gz(void* p) {
  return static_cast<gzFile>(p);
}
iconv_t as_iconv(void* p) {
  return static_cast<iconv_t>(p);
}

}  // namespace

std::string base_name(const std::string& path) {
  std::filesystem::path p(path);
  if (!p.has_filename()) p = p.parent_path();  // "data/geo/" names "geo"
  return p.filename().string();
}

TextSource::TextSource(const std::string& path, Encoding encoding) : name_(base_name(path)) {
  std::error_code ec;
  size_ = std::filesystem::file_size(path, ec);
  if (ec)
    throw ImportError({name_, {}, {}}, "fichier introuvable ou illisible (" + ec.message() + ")");
  gz_ = gzopen(path.c_str(), "rb");
  if (!gz_)
    throw ImportError({name_, {}, {}},
                      std::string("ouverture impossible : ") + std::strerror(errno));
  gzbuffer(as_gz(gz_), 128 * 1024);
  if (encoding == Encoding::kWindows1252) {
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      gzclose(as_gz(gz_));
      throw ImportError({name_, {}, {}}, "conversion depuis Windows-1252 indisponible (iconv)");
    }
    iconv_ = cd;
  }
}

TextSource::~TextSource() {
  if (gz_) gzclose(as_gz(gz_));
  if (iconv_) iconv_close(as_iconv(iconv_));
}

uint64_t TextSource::position() const {
  z_off_t off = gzoffset(as_gz(gz_));
  return off < 0 ? 0 : static_cast<uint64_t>(off);
}

size_t TextSource::read_raw(char* out, size_t n) {
  int got = gzread(as_gz(gz_), out, static_cast<unsigned>(n));
  int err = Z_OK;
  const char* msg = gzerror(as_gz(gz_), &err);
  if (got < 0 || (err != Z_OK && err != Z_STREAM_END)) {
    std::string why = err == Z_BUF_ERROR ? "fichier compressé tronqué" : std::string(msg);
    throw ImportError({name_, {}, {}}, "lecture impossible : " + why);
  }
  return static_cast<size_t>(got);
}

size_t TextSource::read(char* out, size_t n) {
  size_t got = iconv_ ? convert(out, n) : read_raw(out, n);
  if (at_start_ && got > 0) {
    at_start_ = false;
    if (got >= 3 && std::memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(out, out + 3, got - 3);
      got -= 3;
      if (got == 0) return read(out, n);
    }
  }
  return got;
}

size_t TextSource::convert(char* out, size_t n) {
  // A Windows-1252 byte becomes at most 3 bytes of UTF-8.
  size_t want = std::max<size_t>(1, n / 3);
  if (pending_.size() < want) {
    std::string chunk(want - pending_.size(), '\0');
    chunk.resize(read_raw(chunk.data(), chunk.size()));
    pending_ += chunk;
  }
  if (pending_.empty()) return 0;
  char* in = pending_.data();
  size_t in_left = std::min(pending_.size(), want);
  char* dst = out;
  size_t out_left = n;
  size_t rc = iconv(as_iconv(iconv_), &in, &in_left, &dst, &out_left);
  size_t produced = n - out_left;
  lines_ += std::count(out, out + produced, '\n');
  if (rc == static_cast<size_t>(-1) && errno == EILSEQ) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(*in));
    throw ImportError({name_, Location::line(lines_), {}},
                      std::string("l'octet ") + hex + " n'existe pas en Windows-1252");
  }
  pending_.erase(0, static_cast<size_t>(in - pending_.data()));
  return produced;
}

}  // namespace jalon::referentials

namespace jalon::referentials {

std::string find_dataset_file(const std::string& path, const std::string& prefix,
                              const std::vector<std::string>& suffixes, bool required) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return path;  // the file the user named
  std::vector<fs::path> candidates;
  for (const auto& entry : fs::directory_iterator(path, ec)) candidates.push_back(entry.path());
  std::vector<std::string> found;
  for (const auto& p : candidates) {
    std::string name = p.filename().string();
    if (!name.starts_with(prefix)) continue;
    for (const auto& suffix : suffixes) {
      if (name.ends_with(suffix)) {
        found.push_back(p.string());
        break;
      }
    }
  }
  std::sort(found.begin(), found.end());
  std::string wanted = prefix + "…" + suffixes.front();
  if (found.size() > 1) {
    throw ImportError(
        {base_name(path), {}, {}},
        "plusieurs fichiers " + wanted + " : " + base_name(found[0]) + ", " + base_name(found[1]));
  }
  if (found.empty()) {
    if (!required) return {};
    throw ImportError({base_name(path), {}, {}}, "fichier " + wanted + " introuvable");
  }
  return found.front();
}

void require_directory(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    throw ImportError({base_name(path), {}, {}},
                      "un répertoire est attendu (ce jeu de données compte plusieurs fichiers)");
  }
}

std::string year_in_name(const std::string& path) {
  std::string name = base_name(path);
  for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
    bool digits = true;
    for (std::size_t k = 0; k < 4; ++k)
      digits = digits && std::isdigit(static_cast<unsigned char>(name[i + k]));
    bool bounded = (i == 0 || !std::isdigit(static_cast<unsigned char>(name[i - 1]))) &&
                   (i + 4 == name.size() || !std::isdigit(static_cast<unsigned char>(name[i + 4])));
    if (digits && bounded && (name[i] == '1' || name[i] == '2')) return name.substr(i, 4);
  }
  return {};
}

}  // namespace jalon::referentials
