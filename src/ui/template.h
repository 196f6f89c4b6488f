// A mustache template rendered straight from a nlohmann::json context, for ui::Renderer.
//
// It replaces kainjow::mustache on the request path: kainjow renders from its own data type, so
// every page converted (deep-copied, several times over through kainjow's copying set() and
// push_back()) its whole JSON context first, then rendered through std::function callbacks and
// an ostringstream — about a third of a caseload request's CPU. This renders the same output
// byte for byte (src/ui/template_test.cc checks it against kainjow on every template and on the
// tricky cases), with kainjow's rules:
//   - {{name}} HTML-escapes & < > " '; {{{name}}} and {{& name}} do not; strings and numbers
//     render, booleans, null, objects and arrays render nothing;
//   - {{#name}} renders for anything but a missing key, false, null or an empty array (so "" and
//     0 render), once per element of a non-empty array; {{^name}} is the opposite;
//   - names are looked up from the innermost section outwards; "a.b" resolves the whole path
//     from one level before trying the next; {{.}} is the current element;
//   - a line whose output is blank (spaces, tabs) and that rendered a section is dropped with
//     its newline; a line that only holds a section that did not render is kept.
// Partials ({{> name}}) must be expanded before parsing (ui::Renderer does it at load);
// set-delimiter tags and lambdas are not supported.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/assets.h"

namespace jalon::ui {

// The text of a template with its {{> name}} partials replaced by templates/<name>.mustache,
// recursively (8 levels at most).
std::string expand_partials(const std::string& text, const assets::AssetSource& assets,
                            const std::string& name, int depth = 0);

class Template {
 public:
  // Throws std::runtime_error with the position on an unclosed tag or section.
  explicit Template(std::string_view text);
  // Appends the output to `out`.
  void render(const nlohmann::json& ctx, std::string& out) const { render({&ctx}, out); }
  // The same with several contexts, innermost last: a name is looked up in the last one first,
  // as if the contexts were merged with later keys winning (for top-level names; a dotted name
  // is resolved from each context in turn). Pages stack the frame (title, user, CSRF token…),
  // the handler's context and, for the layout, {{{content}}}, without copying any of them.
  void render(std::initializer_list<const nlohmann::json*> contexts, std::string& out) const;

  struct Node {
    enum class Kind { kText, kNewline, kEscaped, kRaw, kSection, kInverted };
    Kind kind = Kind::kText;
    std::string text;               // kText, kNewline: the text; tags: the name as written
    std::vector<std::string> path;  // tags: the name split on '.' (empty for {{.}})
    std::vector<Node> children;     // sections
  };

 private:
  std::vector<Node> nodes_;
};

}  // namespace jalon::ui
