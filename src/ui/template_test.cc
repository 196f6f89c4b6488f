// ui::Template must render exactly what kainjow::mustache rendered (the engine it replaced on the
// request path): checked on hand-written edge cases and on every real template with generated
// contexts. kainjow stays the reference here only.
#include "ui/template.h"

#include <doctest/doctest.h>
#include <mustache.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <regex>
#include <set>

namespace jalon::ui {
namespace {

using nlohmann::json;

// The conversion the renderer used before (one kainjow data tree per render).
kainjow::mustache::data to_data(const json& j) {
  using kainjow::mustache::data;
  switch (j.type()) {
    case json::value_t::object: {
      data d(data::type::object);
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case json::value_t::array: {
      data d(data::type::list);
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case json::value_t::string:
      return data(j.get_ref<const std::string&>());
    case json::value_t::boolean:
      return j.get<bool>() ? data(data::type::bool_true) : data(data::type::bool_false);
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return data(std::to_string(j.get<long long>()));
    case json::value_t::number_float:
      return data(j.dump());
    default:
      return data(data::type::bool_false);
  }
}

std::string reference(const std::string& text, const json& ctx) {
  kainjow::mustache::mustache m(text);
  REQUIRE_MESSAGE(m.is_valid(), m.error_message());
  return m.render(to_data(ctx));
}

std::string ours(const std::string& text, const json& ctx) {
  std::string out;
  Template(text).render(ctx, out);
  return out;
}

void same(const std::string& text, const json& ctx) {
  INFO("template: " << text);
  INFO("context: " << ctx.dump());
  CHECK(ours(text, ctx) == reference(text, ctx));
}

// A context giving each name of the template a value drawn among the kinds that render
// differently (strings to escape, "", numbers, booleans, null, lists of objects, objects).
json generate(const std::vector<std::string>& names, std::mt19937& rng, int depth) {
  json ctx = json::object();
  for (const auto& n : names) {
    switch (rng() % (depth > 0 ? 10 : 8)) {
      case 0:
        ctx[n] = "<a href=\"x\">l'été & co</a>";
        break;
      case 1:
        ctx[n] = "";
        break;
      case 2:
        ctx[n] = static_cast<int>(rng() % 3);
        break;
      case 3:
        ctx[n] = true;
        break;
      case 4:
        ctx[n] = false;
        break;
      case 5:
        ctx[n] = nullptr;
        break;
      case 6:
        ctx[n] = 2.5;
        break;
      case 7:
        break;  // missing
      case 8: {
        json list = json::array();
        for (unsigned i = rng() % 3; i > 0; --i) list.push_back(generate(names, rng, depth - 1));
        ctx[n] = list;
        break;
      }
      default:
        ctx[n] = generate(names, rng, depth - 1);
        break;
    }
  }
  return ctx;
}

TEST_CASE("templates render like kainjow on the edge cases") {
  json ctx = {{"s", "a<b>&\"'"},
              {"empty", ""},
              {"zero", 0},
              {"n", 42},
              {"neg", -3},
              {"f", 1.5},
              {"t", true},
              {"no", false},
              {"nul", nullptr},
              {"list", json::array({json{{"x", "1"}}, json{{"x", "2"}, {"s", "inner"}}})},
              {"none", json::array()},
              {"strings", json::array({"a", "b&c"})},
              {"obj", {{"x", "ox"}, {"deep", {{"y", "dy"}}}}},
              {"eobj", json::object()}};
  for (const char* text : {
           "{{s}}|{{{s}}}|{{& s}}|{{ s }}|{{missing}}|{{n}}{{neg}}{{zero}}{{f}}|{{t}}{{no}}{{nul}}",
           "{{obj}}{{list}}{{#empty}}E{{/empty}}{{#zero}}Z{{/zero}}{{#eobj}}O{{/eobj}}",
           "{{#list}}[{{x}}{{s}}]{{/list}}{{^none}}none{{/none}}{{#none}}x{{/none}}",
           "{{#strings}}<{{.}}>{{/strings}}{{#obj}}{{x}}{{deep.y}}{{s}}{{/obj}}{{obj.deep.y}}",
           "{{#obj.deep}}{{y}}{{/obj.deep}}{{obj.missing.y}}{{#list}}{{obj.x}}{{/list}}",
           "{{^no}}a{{/no}}{{^nul}}b{{/nul}}{{^missing}}c{{/missing}}{{^t}}d{{/t}}{{^s}}e{{/s}}",
           "{{! a comment }}x{{!another}}\n",
           "a\n  {{#t}}\n  b\n  {{/t}}\nc\n",
           "a\n  {{#no}}\n  b\n  {{/no}}\nc\n",
           "  {{#list}}\n  <li>{{x}}</li>\n  {{/list}}\n",
           "{{#list}}{{#none}}x{{/none}}{{/list}}\nnext\n\t{{#t}}{{empty}}{{/t}}\t\nlast",
           "x\r\n{{#t}}\r\n y\r\n{{/t}}\r\nz\r",
           "  {{#t}}  {{/t}}  ",
           "{{#no}}a{{/no}}",
           "{{#list}}\n{{x}}\n{{/list}}",
           "{{s}}\n   \n{{^none}}\n\n{{/none}}\n",
           "<b{{#t}} class=\"on\"{{/t}}>{'{\"k\": \"{{s}}\"}'}}",
       }) {
    same(text, ctx);
  }
}

TEST_CASE("a malformed template is refused") {
  CHECK_THROWS(Template("{{#a}}x"));
  CHECK_THROWS(Template("{{#a}}x{{/b}}"));
  CHECK_THROWS(Template("x{{/a}}"));
  CHECK_THROWS(Template("{{a"));
}

TEST_CASE("every template renders like kainjow with generated contexts") {
  assets::AssetSource assets;
  std::regex tag(R"(\{\{\{?\s*[#^&/]?\s*([A-Za-z0-9_.]+))");
  std::mt19937 rng(5);
  int templates = 0;
  for (const auto& path : assets.list("templates/")) {
    if (!path.ends_with(".mustache")) continue;
    std::string text = expand_partials(*assets.get(path), assets, path);
    std::set<std::string> found;
    for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
      std::string name = (*it)[1];
      found.insert(name.substr(0, name.find('.')));
      if (name.find('.') != std::string::npos) found.insert(name.substr(name.rfind('.') + 1));
    }
    std::vector<std::string> names(found.begin(), found.end());
    INFO("template " << path);
    same(text, json::object());
    for (int round = 0; round < 20; ++round) same(text, generate(names, rng, 2));
    ++templates;
  }
  CHECK(templates > 20);
}

}  // namespace
}  // namespace jalon::ui
