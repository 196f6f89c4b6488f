// What every /api/v1 handler shares: reading a JSON object body, reading its members with their
// types checked (JsonFields), and answering an Error as a problem document
// {"error": {status, field, message, correlation_id}} with the status its kind maps to
// (404, 409, 422; 503 and 500 for the rest).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace jalon::http {

Response problem(const Error& e, const Request& req);
// True when the body is a JSON object (then in `out`).
bool json_object_body(const Request& req, nlohmann::json& out);

// Typed reading of one JSON object. Every accessor returns the member converted to its C++ type,
// or the fallback when the member is absent or null. A member of the wrong type, or an integer
// outside [min, max] (nothing narrows silently), records an error naming the member
// ("items[2].severity") and the accessor returns the fallback; only the first error is kept. A
// handler reads all its members, then answers problem(*fields.error(), req) if there is one,
// before changing anything. The object must outlive the reader; not thread-safe.
class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object);

  bool has(const char* key) const;
  std::string string(const char* key);
  // Sets `field` only when the member is present (a PATCH); null sets "".
  void take(const char* key, std::string& field);
  long long integer(const char* key, long long fallback, long long min = INT_MIN,
                    long long max = INT_MAX);
  bool boolean(const char* key, bool fallback = false);
  // An array of strings.
  std::vector<std::string> strings(const char* key);
  // An object whose members are all strings, {code: text}.
  std::vector<std::pair<std::string, std::string>> string_map(const char* key);
  // An array of objects: one reader per element, sharing this reader's error.
  std::vector<JsonFields> objects(const char* key);

  const std::optional<Error>& error() const { return *error_; }

 private:
  JsonFields(const nlohmann::json& object, std::string prefix,
             std::shared_ptr<std::optional<Error>> error);
  // The member, or nullptr when absent or null.
  const nlohmann::json* member(const char* key) const;
  void fail(const std::string& name, const std::string& expected);
  std::string name(const char* key) const { return prefix_ + key; }

  const nlohmann::json* object_;
  std::string prefix_;
  std::shared_ptr<std::optional<Error>> error_;
};

}  // namespace jalon::http
