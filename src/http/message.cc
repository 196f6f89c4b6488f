#include "http/message.h"

#include <strings.h>

namespace jalon::http {
namespace {
const std::string kEmpty;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    default:
      return "OTHER";
  }
}

Method parse_method(std::string_view m) {
  if (m == "GET") return Method::kGet;
  if (m == "HEAD") return Method::kHead;
  if (m == "POST") return Method::kPost;
  if (m == "PUT") return Method::kPut;
  if (m == "PATCH") return Method::kPatch;
  if (m == "DELETE") return Method::kDelete;
  if (m == "OPTIONS") return Method::kOptions;
  return Method::kOther;
}

bool changes_state(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

const std::string& Fields::get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return kEmpty;
}

std::optional<std::string> Fields::find(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Fields::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : items_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

const std::string& Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return kEmpty;
}

const std::string& Request::param(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

bool Request::wants_json() const {
  return path.starts_with("/api/") || header("accept").starts_with("application/json");
}

namespace {
Response with_body(std::string body, int status, std::string_view content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", content_type);
  return r;
}
}  // namespace

Response Response::html(std::string body, int status) {
  return with_body(std::move(body), status, "text/html; charset=utf-8");
}

Response Response::json(std::string body, int status) {
  return with_body(std::move(body), status, "application/json");
}

Response Response::text(std::string body, int status) {
  return with_body(std::move(body), status, "text/plain; charset=utf-8");
}

Response Response::redirect(std::string_view location, int status) {
  Response r;
  r.status = status;
  r.set_header("Location", location);
  return r;
}

Response Response::error(int status, std::string message) {
  Response r;
  r.status = status;
  r.error_page = true;
  r.error_message = std::move(message);
  return r;
}

void Response::set_header(std::string_view name, std::string_view value) {
  for (auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

const std::string* Response::find_header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return &v;
  }
  return nullptr;
}

}  // namespace jalon::http
