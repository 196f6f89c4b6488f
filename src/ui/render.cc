#include "ui/render.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>

#include "ui/template.h"

namespace jalon::ui {

std::string expand_partials(const std::string& text, const assets::AssetSource& assets,
                            const std::string& name, int depth) {
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
    out += expand_partials(*body, assets, partial, depth + 1);
    pos = close + 2;
  }
  out += text.substr(pos);
  return out;
}

struct Renderer::Impl {
  const assets::AssetSource& assets;
  std::map<std::string, std::unique_ptr<Template>, std::less<>> templates;
  mutable std::mutex dev_mutex;
  // The last page size, so the next page's buffer is allocated once.
  std::atomic<size_t> size_hint{8192};

  explicit Impl(const assets::AssetSource& a) : assets(a) { load_all(); }

  void load_all() {
    templates.clear();
    for (const auto& path : assets.list("templates/")) {
      if (!path.ends_with(".mustache")) continue;
      std::string name = path.substr(10, path.size() - 10 - 9);
      try {
        templates.emplace(
            name, std::make_unique<Template>(expand_partials(*assets.get(path), assets, name)));
      } catch (const std::runtime_error& e) {
        throw std::runtime_error("template " + name + ": " + e.what());
      }
    }
  }

  // Renders into out; contexts innermost last.
  void render(std::string_view name, std::initializer_list<const nlohmann::json*> contexts,
              std::string& out) {
    std::unique_lock<std::mutex> lock(dev_mutex, std::defer_lock);
    if (assets.from_disk()) {
      lock.lock();
      load_all();
    }
    auto it = templates.find(name);
    if (it == templates.end()) throw std::runtime_error("no template " + std::string(name));
    it->second->render(contexts, out);  // const: concurrent renders are safe
  }
};

Renderer::Renderer(const assets::AssetSource& assets) : impl_(std::make_unique<Impl>(assets)) {}
Renderer::~Renderer() = default;

std::string Renderer::render(std::string_view name, const nlohmann::json& ctx) const {
  std::string out;
  out.reserve(impl_->size_hint.load(std::memory_order_relaxed));
  impl_->render(name, {&ctx}, out);
  return out;
}

std::string Renderer::page(std::string_view name, const nlohmann::json& ctx) const {
  static const nlohmann::json kNoFrame = nlohmann::json::object();
  return page(name, kNoFrame, ctx);
}

std::string Renderer::page(std::string_view name, const nlohmann::json& frame,
                           const nlohmann::json& ctx) const {
  // The layout reads the frame's keys from the same contexts as the page (no copy) and
  // {{{content}}} from a one-key object looked up first.
  size_t hint = impl_->size_hint.load(std::memory_order_relaxed);
  nlohmann::json over = nlohmann::json::object();
  over["content"] = std::string();
  std::string& content = over["content"].get_ref<std::string&>();
  content.reserve(hint);
  impl_->render(name, {&frame, &ctx}, content);
  std::string out;
  out.reserve(content.size() + 4096);
  impl_->render("layout", {&frame, &ctx, &over}, out);
  impl_->size_hint.store(out.size() + 1024, std::memory_order_relaxed);
  return out;
}

}  // namespace jalon::ui
