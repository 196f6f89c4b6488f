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

JsonFields::JsonFields(const nlohmann::json& object)
    : JsonFields(object, "", std::make_shared<std::optional<Error>>()) {}

JsonFields::JsonFields(const nlohmann::json& object, std::string prefix,
                       std::shared_ptr<std::optional<Error>> error)
    : object_(&object), prefix_(std::move(prefix)), error_(std::move(error)) {}

bool JsonFields::has(const char* key) const {
  return object_->is_object() && object_->contains(key);
}

const nlohmann::json* JsonFields::member(const char* key) const {
  if (!object_->is_object()) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() || it->is_null() ? nullptr : &*it;
}

void JsonFields::fail(const std::string& name, const std::string& expected) {
  if (!error_->has_value()) {
    *error_ = Error::invalid("Le champ « " + name + " » doit être " + expected + ".", name);
  }
}

std::string JsonFields::string(const char* key) {
  const auto* v = member(key);
  if (!v) return {};
  if (!v->is_string()) {
    fail(name(key), "une chaîne de caractères");
    return {};
  }
  return v->get<std::string>();
}

void JsonFields::take(const char* key, std::string& field) {
  if (has(key)) field = string(key);
}

long long JsonFields::integer(const char* key, long long fallback, long long min, long long max) {
  const auto* v = member(key);
  if (!v) return fallback;
  // Non-negative literals parse as unsigned: one above LLONG_MAX is out of every range.
  bool whole = v->is_number_integer() &&
               (!v->is_number_unsigned() || v->get<unsigned long long>() <= LLONG_MAX);
  long long n = whole ? v->get<long long>() : 0;
  if (!whole || n < min || n > max) {
    fail(name(key),
         "un nombre entier compris entre " + std::to_string(min) + " et " + std::to_string(max));
    return fallback;
  }
  return n;
}

bool JsonFields::boolean(const char* key, bool fallback) {
  const auto* v = member(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    fail(name(key), "true ou false");
    return fallback;
  }
  return v->get<bool>();
}

std::vector<std::string> JsonFields::strings(const char* key) {
  std::vector<std::string> out;
  const auto* v = member(key);
  if (!v) return out;
  if (!v->is_array()) {
    fail(name(key), "une liste de chaînes de caractères");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_string()) {
      fail(name(key) + "[" + std::to_string(i) + "]", "une chaîne de caractères");
      return {};
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> JsonFields::string_map(const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto* v = member(key);
  if (!v) return out;
  if (!v->is_object()) {
    fail(name(key), "un objet {code : texte}");
    return out;
  }
  for (const auto& [code, text] : v->items()) {
    if (!text.is_string()) {
      fail(name(key) + "." + code, "une chaîne de caractères");
      return {};
    }
    out.emplace_back(code, text.get<std::string>());
  }
  return out;
}

std::vector<JsonFields> JsonFields::objects(const char* key) {
  std::vector<JsonFields> out;
  const auto* v = member(key);
  if (!v) return out;
  if (!v->is_array()) {
    fail(name(key), "une liste d'objets");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    std::string element = name(key) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) {
      fail(element, "un objet");
      return {};
    }
    out.push_back(JsonFields((*v)[i], element + ".", error_));
  }
  return out;
}

}  // namespace jalon::http
