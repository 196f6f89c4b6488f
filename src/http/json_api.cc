#include "http/json_api.h"

#include <nlohmann/json.hpp>

namespace jalon::http {

Response problem(const Error& e, const Request& req) {
  int status = 422;
  switch (e.kind) {
    case ErrorKind::kInvalid:
      status = 422;
      break;
    case ErrorKind::kNotFound:
      status = 404;
      break;
    case ErrorKind::kForbidden:
      status = 403;
      break;
    case ErrorKind::kConflict:
      status = 409;
      break;
    case ErrorKind::kUnavailable:
      status = 503;
      break;
    case ErrorKind::kInternal:
      status = 500;
      break;
  }
  bool user_facing = status != 500;
  return Response::json(nlohmann::json{{"error",
                                        {{"status", status},
                                         {"field", e.field},
                                         {"message", user_facing ? e.message : "Erreur interne"},
                                         {"correlation_id", req.correlation_id}}}}
                            .dump(),
                        status);
}

bool json_object_body(const Request& req, nlohmann::json& out) {
  out = nlohmann::json::parse(req.body, nullptr, false);
  return !out.is_discarded() && out.is_object();
}

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace jalon::http
