#include "referentials/json_array.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "core/text.h"
#include "referentials/source.h"

namespace jalon::referentials {

using nlohmann::json;

const json& JsonElement::field(std::string_view key) const {
  static const json kNull;
  auto it = value_.find(key);
  return it == value_.end() ? kNull : *it;
}

bool JsonElement::has(std::string_view key) const {
  return !field(key).is_null();
}

Location JsonElement::where(std::string_view key) const {
  return {file_, where_, std::string(key)};
}

void JsonElement::fail(std::string_view key, const std::string& reason) const {
  throw ImportError(where(key), reason);
}

std::string JsonElement::text(std::string_view key) const {
  const json& v = field(key);
  if (v.is_null()) return {};
  if (v.is_string()) return text::trim(v.get_ref<const std::string&>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  fail(key, "texte attendu, trouvé " + std::string(v.type_name()));
}

std::string JsonElement::required(std::string_view key) const {
  std::string s = text(key);
  if (s.empty()) fail(key, "valeur absente ou vide");
  return s;
}

std::optional<int64_t> JsonElement::optional_integer(std::string_view key) const {
  const json& v = field(key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number_integer()) {
    fail(key, "nombre entier attendu, trouvé « " + v.dump() + " »");
  }
  return v.get<int64_t>();
}

int64_t JsonElement::integer(std::string_view key) const {
  auto v = optional_integer(key);
  if (!v) fail(key, "nombre entier attendu, valeur absente");
  return *v;
}

bool JsonElement::boolean(std::string_view key) const {
  const json& v = field(key);
  if (!v.is_boolean()) fail(key, "true ou false attendu, trouvé « " + v.dump() + " »");
  return v.get<bool>();
}

std::vector<std::string> JsonElement::strings(std::string_view key) const {
  const json& v = field(key);
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) fail(key, "liste attendue");
  for (const json& s : v) {
    if (!s.is_string()) fail(key, "liste de textes attendue, trouvé « " + s.dump() + " »");
    out.push_back(text::trim(s.get_ref<const std::string&>()));
  }
  return out;
}

std::vector<JsonElement> JsonElement::objects(std::string_view key) const {
  const json& v = field(key);
  std::vector<JsonElement> out;
  if (v.is_null()) return out;
  if (!v.is_array()) fail(key, "liste attendue");
  std::size_t i = 0;
  for (const json& o : v) {
    ++i;
    if (!o.is_object()) fail(key, "liste d'objets attendue");
    out.emplace_back(o, file_, where_ + ", " + std::string(key) + " n° " + std::to_string(i));
  }
  return out;
}

JsonElement JsonElement::object(std::string_view key) const {
  const json& v = field(key);
  if (!v.is_object()) fail(key, "objet attendu");
  return JsonElement(v, file_, where_);
}

namespace {

// Splits the top-level array of a JSON text into its elements as they stream in: a scanner
// tracks nesting and strings, and each complete element is parsed on its own from the buffer.
class ArraySplitter {
 public:
  ArraySplitter(TextSource& source, Progress& progress) : source_(source), progress_(progress) {}

  // The next element's text, or false after the closing bracket.
  bool next(std::string_view& element) {
    if (!started_) skip_to_array_start();
    for (;;) {
      // Between elements: whitespace, one comma, or the end of the array.
      while (ensure(pos_) && (std::isspace(static_cast<unsigned char>(buf_[pos_])) ||
                              (buf_[pos_] == ',' && !expect_element_))) {
        if (buf_[pos_] == ',') expect_element_ = true;
        ++pos_;
      }
      if (!ensure(pos_)) fail("fin de fichier avant la fin du tableau JSON (fichier tronqué ?)");
      if (buf_[pos_] == ']') {
        ++pos_;
        check_trailing();
        return false;
      }
      if (buf_[pos_] != '{') fail("objet JSON attendu");
      std::size_t end = scan_object(pos_);
      element = std::string_view(buf_).substr(pos_, end - pos_);
      pos_ = end;
      expect_element_ = false;
      ++count_;
      return true;
    }
  }
  int64_t count() const { return count_; }
  [[noreturn]] void fail(const std::string& reason) const {
    throw ImportError({source_.file(), "élément " + std::to_string(count_ + 1), {}}, reason);
  }

 private:
  // Makes buf_[i] readable, reading more (and dropping what was consumed) when needed.
  bool ensure(std::size_t& i) {
    while (i >= buf_.size()) {
      if (eof_) return false;
      if (pos_ > 0 && pos_ <= i) {  // keep the current element only
        buf_.erase(0, pos_);
        i -= pos_;
        pos_ = 0;
      }
      std::size_t old = buf_.size();
      buf_.resize(old + kChunk);
      std::size_t n = source_.read(buf_.data() + old, kChunk);
      buf_.resize(old + n);
      progress_.update(source_.position());
      if (n == 0) eof_ = true;
    }
    return true;
  }

  void skip_to_array_start() {
    started_ = true;
    while (ensure(pos_) && std::isspace(static_cast<unsigned char>(buf_[pos_]))) ++pos_;
    if (!ensure(pos_) || buf_[pos_] != '[') {
      throw ImportError({source_.file(), {}, {}}, "le fichier doit contenir un tableau JSON");
    }
    ++pos_;
    expect_element_ = true;
  }

  // The end (one past the closing brace) of the object starting at `start`.
  std::size_t scan_object(std::size_t start) {
    int depth = 0;
    bool in_string = false, escaped = false;
    std::size_t i = start;
    for (;; ++i) {
      if (!ensure(i)) fail("objet JSON inachevé (fichier tronqué ?)");
      char c = buf_[i];
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
  }

  void check_trailing() {
    while (ensure(pos_)) {
      if (!std::isspace(static_cast<unsigned char>(buf_[pos_]))) {
        throw ImportError({source_.file(), {}, {}}, "texte après la fin du tableau JSON");
      }
      ++pos_;
    }
  }

  static constexpr std::size_t kChunk = 64 * 1024;
  TextSource& source_;
  Progress& progress_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool started_ = false, eof_ = false, expect_element_ = false;
  int64_t count_ = 0;
};

}  // namespace

int64_t for_each_json_object(const std::string& path, Progress& progress,
                             const std::function<void(const JsonElement&)>& visit) {
  TextSource source(path, Encoding::kUtf8);
  progress.begin(source.file(), source.size());
  ArraySplitter split(source, progress);
  std::string_view text;
  while (split.next(text)) {
    json element;
    try {
      element = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      split.fail(std::string("JSON invalide (") + e.what() + ")");
    }
    visit(JsonElement(element, source.file(), "élément " + std::to_string(split.count())));
  }
  progress.end();
  return split.count();
}

}  // namespace jalon::referentials
