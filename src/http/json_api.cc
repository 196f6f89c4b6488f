#include "http/json_api.h"

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace jalon::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 422;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

std::string_view status_title(int status) {
  switch (status) {
    case 400:
      return "Requête incorrecte";
    case 401:
      return "Connexion requise";
    case 403:
      return "Accès refusé";
    case 404:
      return "Introuvable";
    case 405:
      return "Méthode non permise";
    case 409:
      return "Conflit";
    case 413:
      return "Contenu trop volumineux";
    case 422:
      return "Données invalides";
    case 429:
      return "Trop de requêtes";
    case 503:
      return "Service indisponible";
    default:
      return status >= 500 ? "Erreur interne" : "Erreur";
  }
}

nlohmann::json problem_document(int status, std::string_view detail, std::string_view field,
                                const std::string& correlation_id) {
  nlohmann::json doc = {{"type", "about:blank"},
                        {"title", status_title(status)},
                        {"status", status},
                        {"detail", detail},
                        {"correlation_id", correlation_id}};
  if (!field.empty()) doc["field"] = field;
  return doc;
}

Response problem_response(const nlohmann::json& document) {
  Response res = Response::json(document.dump(), document.value("status", 500));
  res.set_header("Content-Type", "application/problem+json");
  return res;
}

Response problem(const Error& e, const Request& req) {
  int status = status_of(e.kind);
  auto doc = problem_document(status, status == 500 ? "Erreur interne" : e.message, e.field,
                              req.correlation_id);
  if (!e.more.empty()) {  // every mistake of the request, the first one included
    auto& all = doc["errors"] = nlohmann::json::array();
    all.push_back({{"field", e.field}, {"detail", e.message}});
    for (const auto& m : e.more) all.push_back({{"field", m.field}, {"detail", m.message}});
  }
  return problem_response(doc);
}

Response items_response(const nlohmann::json& list) {
  return Response::json(nlohmann::json{{"items", list}}.dump());
}

Response bad_body(const Request& req) {
  return problem(Error::invalid("Le corps doit être un objet JSON.", "body"), req);
}

namespace {

using Open = std::function<Result<JsonWriter>(const Request&)>;

Handler writer(Open open, int status) {
  return [open = std::move(open), status](Request& req) {
    auto write = open(req);
    if (!write.ok()) return problem(write.error(), req);
    nlohmann::json body;
    if (!json_object_body(req, body)) return bad_body(req);
    auto r = (*write)(body);
    if (!r.ok()) return problem(r.error(), req);
    return Response::json(r->dump(), status);
  };
}

}  // namespace

void add_resource(Router& router, JsonResource r) {
  if (!r.collection.empty() && r.list) {
    router.add(Method::kGet, r.collection, r.read, [list = r.list](Request& req) {
      auto items = list(req);
      if (!items.ok()) return problem(items.error(), req);
      return items_response(*items);
    });
  }
  if (!r.collection.empty() && r.create) {
    router.add(Method::kPost, r.collection, r.write, writer(std::move(r.create), 201));
  }
  if (!r.item.empty() && r.patch) {
    router.add(Method::kPatch, r.item, r.write, writer(std::move(r.patch), 200));
  }
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
