// What every /api/v1 handler shares: the one mapping from an Error's kind to an HTTP status
// (pages use it too), answering an Error as an RFC 9457 problem document
// (application/problem+json: {type, title, status, detail, field, correlation_id}), reading a
// JSON object body, reading its members with their types checked (JsonFields), and the
// list/create/patch triple of a resource (JsonResource).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/message.h"
#include "http/permission.h"

namespace jalon::http {

// 422 invalid, 404 not found, 403 forbidden, 409 conflict, 503 unavailable, 500 internal.
int status_of(ErrorKind kind);
// The French title of a status ("Données invalides", "Introuvable"…).
std::string_view status_title(int status);
// An RFC 9457 problem document: {"type": "about:blank", title, status, detail, correlation_id}
// plus "field" when not empty. Extension members may be added before it is sent.
nlohmann::json problem_document(int status, std::string_view detail, std::string_view field,
                                const std::string& correlation_id);
// The problem document of an Error (an internal error's detail is never shown), as a response.
Response problem(const Error& e, const Request& req);
Response problem_response(const nlohmann::json& document);
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

// The JSON API of a resource owned by another ({id} in `collection`):
//   GET  collection -> 200 {"items": list(req)}
//   POST collection -> 201 create(req)(body)
//   PATCH item      -> 200 patch(req)(body)   (absent members keep their value)
// A write opens its target first — the owner for create, the item for patch — and an Error there
// (not found: out of the caller's scope) answers before the body is read, so a hidden object
// answers 404 whatever is sent. Then a body that is not a JSON object is a 422 naming "body",
// and an Error from the writer is its problem document. Routes whose pattern or callback is
// empty are not registered.
using JsonWriter = std::function<Result<nlohmann::json>(const nlohmann::json& body)>;
struct JsonResource {
  std::string collection, item;
  Permission read, write;
  std::function<Result<nlohmann::json>(const Request&)> list;
  std::function<Result<JsonWriter>(const Request&)> create;
  std::function<Result<JsonWriter>(const Request&)> patch;
};
class Router;
void add_resource(Router& router, JsonResource resource);
// {"items": list}
Response items_response(const nlohmann::json& list);
// The 422 of a body that is not a JSON object.
Response bad_body(const Request& req);

}  // namespace jalon::http
