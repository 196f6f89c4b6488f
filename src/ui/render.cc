// The only translation unit that includes kainjow/mustache.hpp.
#include "ui/render.h"

#include <mustache.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <stdexcept>

namespace jalon::ui {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      data d(data::type::object);
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      data d(data::type::list);
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::string: return data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? data(data::type::bool_true)
                                                                : data(data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return data(std::to_string(j.get<long long>()));
    case nlohmann::json::value_t::number_float: return data(j.dump());
    default: return data(data::type::bool_false);
  }
}

std::string expand_partials(const std::string& text, const assets::AssetSource& assets, int depth,
                            const std::string& name) {
  if (depth > 8) throw std::runtime_error("template " + name + ": partials nested too deep");
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) throw std::runtime_error("template " + name + ": open {{>");
    std::string partial = text.substr(open + 3, close - open - 3);
    while (!partial.empty() && partial.front() == ' ') partial.erase(0, 1);
    while (!partial.empty() && partial.back() == ' ') partial.pop_back();
    auto body = assets.get("templates/" + partial + ".mustache");
    if (!body) throw std::runtime_error("template " + name + ": unknown partial " + partial);
    out += text.substr(pos, open - pos);
    out += expand_partials(*body, assets, depth + 1, partial);
    pos = close + 2;
  }
  out += text.substr(pos);
  return out;
}

}  // namespace

struct Renderer::Impl {
  const assets::AssetSource& assets;
  std::map<std::string, std::unique_ptr<mustache>, std::less<>> templates;
  mutable std::mutex dev_mutex;

  explicit Impl(const assets::AssetSource& a) : assets(a) { load_all(); }

  void load_all() {
    templates.clear();
    for (const auto& path : assets.list("templates/")) {
      if (!path.ends_with(".mustache")) continue;
      std::string name = path.substr(10, path.size() - 10 - 9);
      auto t = std::make_unique<mustache>(expand_partials(*assets.get(path), assets, 0, name));
      if (!t->is_valid()) {
        throw std::runtime_error("template " + name + ": " + t->error_message());
      }
      templates.emplace(name, std::move(t));
    }
  }

  std::string render(std::string_view name, const nlohmann::json& ctx) {
    std::unique_lock<std::mutex> lock(dev_mutex, std::defer_lock);
    if (assets.from_disk()) {
      lock.lock();
      load_all();
    }
    auto it = templates.find(name);
    if (it == templates.end()) throw std::runtime_error("no template " + std::string(name));
    // kainjow's render() is not declared const but only reads the parsed tree (partials, the
    // one path that would write, were expanded at load), so concurrent renders are safe.
    return it->second->render(to_data(ctx));
  }
};

Renderer::Renderer(const assets::AssetSource& assets) : impl_(std::make_unique<Impl>(assets)) {}
Renderer::~Renderer() = default;

std::string Renderer::render(std::string_view name, const nlohmann::json& ctx) const {
  return impl_->render(name, ctx);
}

std::string Renderer::page(std::string_view name, const nlohmann::json& ctx) const {
  // The layout only reads the frame's keys; copying the page's data again would double the
  // conversion work on large pages.
  nlohmann::json layout = nlohmann::json::object();
  for (auto it = ctx.begin(); it != ctx.end(); ++it) {
    const std::string& k = it.key();
    if (k == "title" || k == "nonce" || k == "csrf" || k == "user" || k == "signed_in" ||
        k == "notice" || k == "pickers" || k.rfind("nav_", 0) == 0) {
      layout[k] = it.value();
    }
  }
  layout["content"] = impl_->render(name, ctx);
  return impl_->render("layout", layout);
}

}  // namespace jalon::ui
