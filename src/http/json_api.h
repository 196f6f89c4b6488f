// What every /api/v1 handler shares: reading a JSON object body and answering an Error as a
// problem document {"error": {status, field, message, correlation_id}} with the status its
// kind maps to (404, 409, 422; 503 and 500 for the rest).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>

#include "core/result.h"
#include "http/message.h"

namespace jalon::http {

Response problem(const Error& e, const Request& req);
// True when the body is a JSON object (then in `out`).
bool json_object_body(const Request& req, nlohmann::json& out);
// A string member, or "" when absent or not a string.
std::string json_string(const nlohmann::json& j, const char* key);

}  // namespace jalon::http
