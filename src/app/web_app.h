// Assembles the web application: the store, the renderer, the route table of every domain and
// the pipeline hooks. `jalon serve` and the integration tests build the same WebApp.
#pragma once
#include <memory>
#include <string>

#include "app/config.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "http/router.h"
#include "store/database.h"
#include "ui/render.h"

namespace jalon::app {

class WebApp {
 public:
  WebApp(const Config& config, store::Database& db, const assets::AssetSource& assets,
         const Clock& clock, Random& rng);
  ~WebApp();
  http::Pipeline& pipeline() { return *pipeline_; }
  const http::Router& router() const { return router_; }

 private:
  void register_routes();

  const Config& config_;
  store::Database& db_;
  const assets::AssetSource& assets_;
  const Clock& clock_;
  Random& rng_;
  ui::Renderer renderer_;
  http::Router router_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

// Origins allowed for state-changing requests, from --listen and --public-url.
std::vector<std::string> allowed_origins(const Config& config);

}  // namespace jalon::app
