// What every page needs besides its own data: the title, the CSP nonce, the signed-in user and
// the navigation they may open, the CSRF token; and the one form helper, which keeps submitted
// values and per-field errors to redisplay a form with inline messages.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/referential.h"
#include "core/result.h"
#include "http/message.h"

namespace jalon::ui {

// {"title", "nonce", "csrf", "user": {...} | false, "nav_admin", "nav_platform", "nav_<current>"}
nlohmann::json page_context(const http::Request& req, std::string_view title,
                            std::string_view current_nav = {});

class Renderer;
// The one way to answer with a page: page_context merged with ctx (ctx "title" and "nav"),
// rendered in the layout.
http::Response page_response(const Renderer& renderer, const http::Request& req,
                             std::string_view tmpl, const nlohmann::json& ctx, int status = 200);

// The success message a redirect asked for with a query flag (?cree=1 → "… a été créé."), or "".
std::string notice_for(const http::Request& req,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> flags);

// A referential list as <select> options: [{code, label, selected}], with an empty "—" first
// when asked.
nlohmann::json options(const referential::List& list, std::string_view selected,
                       bool with_empty = false);
// A referential list as checkboxes named `field`: [{code, label, checked, id, field}].
nlohmann::json checks(const referential::List& list, const std::vector<std::string>& selected,
                      const std::string& field);

class Form {
 public:
  explicit Form(const http::Request& req) : req_(req) {}
  // The trimmed value of a submitted field (kept for redisplay).
  std::string text(const std::string& name);
  // The raw value (passwords: never trimmed, never redisplayed).
  const std::string& raw(const std::string& name) const { return req_.form.get(name); }
  bool checked(const std::string& name) const { return req_.form.has(name); }
  void set(const std::string& name, std::string value) {
    values_.emplace_back(name, std::move(value));
  }
  void error(const std::string& field, const std::string& message);
  // Records a Result error against its field (or the form as a whole).
  void fail(const Error& e);
  bool ok() const { return errors_.empty(); }
  // Merges {"values": {...}, "errors": {...}, "error_summary": [{field, message}], "has_errors"}
  // into ctx.
  void fill(nlohmann::json& ctx) const;

 private:
  const http::Request& req_;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::pair<std::string, std::string>> errors_;
};

}  // namespace jalon::ui
