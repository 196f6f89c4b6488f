// Streaming the elements of a JSON file whose top level is an array of objects (the npm packages
// of the COG, NAF codes, the SIAE fixture): each object is parsed, handed to the visitor, then
// dropped, so memory holds one element at a time. JsonElement reads fields with the same
// validation and error messages as table columns ("communes.json, élément 12, champ « code »").
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referentials/import_error.h"
#include "referentials/progress.h"

namespace jalon::referentials {

class JsonElement {
 public:
  JsonElement(const nlohmann::json& value, const std::string& file, std::string where)
      : value_(value), file_(file), where_(std::move(where)) {}

  bool has(std::string_view key) const;          // present and not null
  std::string text(std::string_view key) const;  // "" when absent or null
  std::string required(std::string_view key) const;
  std::optional<int64_t> optional_integer(std::string_view key) const;
  int64_t integer(std::string_view key) const;
  bool boolean(std::string_view key) const;
  std::vector<std::string> strings(std::string_view key) const;  // [] when absent
  // The objects of an array field, or the object of an object field.
  std::vector<JsonElement> objects(std::string_view key) const;
  JsonElement object(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, const std::string& reason) const;
  Location where(std::string_view key = {}) const;

 private:
  const nlohmann::json& field(std::string_view key) const;

  const nlohmann::json& value_;
  const std::string& file_;
  std::string where_;
};

// Calls visit for each element of the top-level array of the file at path (optionally .gz).
// Returns the number of elements. ImportError on malformed JSON or an element that is not an
// object.
int64_t for_each_json_object(const std::string& path, Progress& progress,
                             const std::function<void(const JsonElement&)>& visit);

}  // namespace jalon::referentials
