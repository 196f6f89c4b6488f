#include "ui/page.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/text.h"
#include "ui/render.h"

namespace jalon::ui {

nlohmann::json page_context(const http::Request& req, std::string_view title,
                            std::string_view current_nav) {
  nlohmann::json ctx = {{"title", title}, {"nonce", req.csp_nonce}, {"user", false}};
  if (req.principal) {
    const auto& p = *req.principal;
    ctx["user"] = {{"display_name", p.display_name}, {"role_label", p.role_label}};
    ctx["csrf"] = p.csrf_token;
    bool full = p.mfa_ok && !p.must_change_password;
    ctx["signed_in"] = full;
    for (const auto& n : p.nav) ctx["nav_" + n] = full;
  } else {
    auto it = req.cookies.find("__Host-jalon_csrf");
    if (it != req.cookies.end()) ctx["csrf"] = it->second;
  }
  if (!current_nav.empty()) ctx["nav_" + std::string(current_nav) + "_current"] = true;
  return ctx;
}

http::Response page_response(const Renderer& renderer, const http::Request& req,
                             std::string_view tmpl, const nlohmann::json& ctx, int status) {
  nlohmann::json frame =
      page_context(req, ctx.value("title", std::string("Jalon")), ctx.value("nav", std::string()));
  return http::Response::html(renderer.page(tmpl, frame, ctx), status);
}

std::string notice_for(const http::Request& req,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> flags) {
  for (const auto& [flag, message] : flags) {
    if (req.query.has(std::string(flag))) return std::string(message);
  }
  return {};
}

nlohmann::json options(const referential::List& list, std::string_view selected, bool with_empty) {
  auto out = nlohmann::json::array();
  if (with_empty) out.push_back({{"code", ""}, {"label", "—"}, {"selected", selected.empty()}});
  for (const auto& e : list) {
    out.push_back({{"code", e.code}, {"label", e.label}, {"selected", e.code == selected}});
  }
  return out;
}

nlohmann::json checks(const referential::List& list, const std::vector<std::string>& selected,
                      const std::string& field) {
  auto out = nlohmann::json::array();
  for (const auto& e : list) {
    bool on = std::find(selected.begin(), selected.end(), e.code) != selected.end();
    out.push_back({{"code", e.code},
                   {"label", e.label},
                   {"checked", on},
                   {"id", field + "-" + std::string(e.code)},
                   {"field", field}});
  }
  return out;
}

std::string Form::text(const std::string& name) {
  std::string v = jalon::text::trim(req_.form.get(name));
  values_.emplace_back(name, v);
  return v;
}

void Form::error(const std::string& field, const std::string& message) {
  std::pair<std::string, std::string> e{field.empty() ? "form" : field, message};
  // A handler that adds a service's mistakes after its error (the same one twice) lists it once.
  if (std::find(errors_.begin(), errors_.end(), e) == errors_.end())
    errors_.push_back(std::move(e));
}

void Form::fail(const Error& e) {
  error(e.field, e.message);
  for (const auto& m : e.more) fail(m);
}

void Form::fill(nlohmann::json& ctx) const {
  for (const auto& [k, v] : values_) ctx["values"][k] = v;
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& [k, v] : errors_) {
    if (!ctx["errors"].contains(k)) ctx["errors"][k] = v;
    summary.push_back({{"field", k}, {"message", v}});
  }
  ctx["error_summary"] = summary;
  ctx["has_errors"] = !errors_.empty();
  ctx["error_count_label"] = errors_.size() > 1
                                 ? "Corrigez les " + std::to_string(errors_.size()) + " erreurs :"
                                 : std::string("Corrigez l'erreur :");
}

}  // namespace jalon::ui
