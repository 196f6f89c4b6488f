// HTML rendering with mustache templates (web/templates/*.mustache). Every {{value}} is
// HTML-escaped; the only unescaped slot is the layout's {{{content}}}, which receives the output
// of another template, never user data. Templates are parsed once at start-up; `{{> name}}`
// partials are expanded when templates load, so rendering never parses. In dev mode
// (--dev-assets) templates are reloaded from disk on each render.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "core/assets.h"

namespace jalon::ui {

class Renderer {
 public:
  // Throws std::runtime_error naming the template when one fails to parse.
  explicit Renderer(const assets::AssetSource& assets);
  ~Renderer();
  // Renders templates/<name>.mustache with ctx.
  std::string render(std::string_view name, const nlohmann::json& ctx) const;
  // Renders a page: the named template inside templates/layout.mustache. ctx must hold "title";
  // the layout also reads "nonce", "csrf", "user", "signed_in", "notice" and "nav_*".
  std::string page(std::string_view name, const nlohmann::json& ctx) const;
  // The same with the page frame (ui::page_context) kept apart from the handler's context, which
  // wins where both have a key: nothing is merged or copied.
  std::string page(std::string_view name, const nlohmann::json& frame,
                   const nlohmann::json& ctx) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jalon::ui
