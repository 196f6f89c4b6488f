// Jalon's own HTTP request and response types. Nothing here depends on RESTinio: the server
// adapter (server.cc) converts to and from these, so domain code never sees the HTTP library.
#pragma once
#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace jalon::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view method_name(Method m);
Method parse_method(std::string_view m);
// POST, PUT, PATCH, DELETE: the methods that may change state (CSRF applies).
bool changes_state(Method m);

// Multi-valued, ordered name -> value pairs (form fields, query parameters).
class Fields {
 public:
  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // The first value for name, or "" when absent.
  const std::string& get(std::string_view name) const;
  std::optional<std::string> find(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const { return find(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct UploadedFile {
  std::string field;
  std::string filename;      // as sent by the browser; never used as a storage path
  std::string content_type;  // as sent by the browser; content is checked separately
  std::string data;
};

// Who is calling, once the session layer has authenticated the request. Generic enough for the
// pipeline and the layout; the access layer keeps the full session in Request::auth.
struct Principal {
  std::string user_id;
  std::string structure_id;
  std::string role;        // code, e.g. "counselor"
  std::string role_label;  // French label for the header
  std::string display_name;
  std::string session_ref;  // public id of the session
  std::string csrf_token;
  bool mfa_ok = false;  // second factor verified, or not required for the role
  bool must_change_password = false;
  std::vector<std::string> nav;  // navigation sections the role may open ("admin", "platform")
};

struct Request {
  Method method = Method::kGet;
  std::string path;          // decoded path, without the query string
  std::string query_string;  // raw
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_ip;

  // Filled by the pipeline.
  Fields query;
  Fields form;  // application/x-www-form-urlencoded or multipart/form-data text fields
  std::vector<UploadedFile> files;
  std::map<std::string, std::string, std::less<>> path_params;
  std::map<std::string, std::string, std::less<>> cookies;
  std::string correlation_id;
  std::string csp_nonce;
  std::string route_pattern;  // e.g. "/beneficiaires/{id}", for logs and metrics
  Millis received_at = 0;
  std::optional<Principal> principal;
  std::any auth;  // the access layer's session object

  // Header value (name in lower case) or "" when absent.
  const std::string& header(std::string_view lower_name) const;
  const std::string& param(std::string_view name) const;
  bool wants_json() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set by handlers that want the pipeline's standard error page for `status`.
  bool error_page = false;
  std::string error_message;  // optional user-facing detail for the error page

  static Response html(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  static Response redirect(std::string_view location, int status = 303);
  static Response error(int status, std::string message = {});
  static Response not_found() { return error(404); }

  void set_header(std::string_view name, std::string_view value);
  const std::string* find_header(std::string_view name) const;  // case-insensitive
};

}  // namespace jalon::http
