#include "referentials/json_array.h"

#include <nlohmann/json.hpp>

#include <istream>

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

int64_t for_each_json_object(const std::string& path, Progress& progress,
                             const std::function<void(const JsonElement&)>& visit) {
  TextSource source(path, Encoding::kUtf8);
  TextStreamBuf buf(source, progress);
  std::istream in(&buf);
  progress.begin(source.file(), source.size());
  int64_t count = 0;
  auto element = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth != 1) return true;
    if (event == json::parse_event_t::object_end) {
      ++count;
      visit(JsonElement(parsed, source.file(), "élément " + std::to_string(count)));
      return false;  // drop it: memory holds one element
    }
    if (event == json::parse_event_t::value || event == json::parse_event_t::array_end) {
      throw ImportError({source.file(), "élément " + std::to_string(count + 1), {}},
                        "objet JSON attendu");
    }
    return true;
  };
  json top;
  try {
    top = json::parse(in, element);
  } catch (const json::parse_error& e) {
    throw ImportError({source.file(), "octet " + std::to_string(e.byte), {}},
                      std::string("JSON invalide (") + e.what() + ")");
  }
  if (!top.is_array()) {
    throw ImportError({source.file(), {}, {}}, "le fichier doit contenir un tableau JSON");
  }
  progress.end();
  return count;
}

}  // namespace jalon::referentials
