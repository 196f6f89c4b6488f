// The one router and the request pipeline every request goes through:
//   client address -> parse (query, cookies, form) -> match a route (404/405) -> authenticate
//   (session hook)
//   -> CSRF/Origin check on state-changing methods -> authorize the route's Permission
//   -> handler -> error page if needed -> security headers -> metrics and access log.
// The pipeline never throws; an exception in a handler or a hook becomes a generic 500 (or 503
// when the store is full or down) with a correlation id and no internals (SR 45), and an
// exception while deciding access means "deny".
#pragma once
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/permission.h"

namespace jalon::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method;
  std::string pattern;  // "/a/{id}/b" or "/static/{path...}"
  Permission permission;
  Handler handler;
  std::vector<std::string> segments;
  RouteMetrics* metrics = nullptr;
};

// One line of a route table: method, path, permission, handler.
struct RouteEntry {
  Method method;
  std::string pattern;
  Permission permission;
  Handler handler;
};

// A handler from a named function and what it needs: on(deps, fn) answers fn(deps, req). `deps`
// (a struct of references to the domain's services) is copied into the handler.
template <class Deps>
Handler on(const Deps& deps, Response (*fn)(const Deps&, Request&)) {
  return [deps, fn](Request& req) { return fn(deps, req); };
}

// The same for any callback shape: with(deps, fn)(args…) answers fn(deps, args…).
template <class Deps, class R, class... A>
std::function<R(A...)> with(const Deps& deps, R (*fn)(const Deps&, A...)) {
  return [deps, fn](A... a) { return fn(deps, std::forward<A>(a)...); };
}

class Router {
 public:
  // A domain's route table, one RouteEntry per route.
  void add_all(std::vector<RouteEntry> table) {
    for (auto& r : table)
      add(r.method, std::move(r.pattern), std::move(r.permission), std::move(r.handler));
  }
  // The permission is mandatory: there is no way to register a route without one.
  void add(Method method, std::string pattern, Permission permission, Handler handler);
  void get(std::string pattern, Permission permission, Handler handler) {
    add(Method::kGet, std::move(pattern), std::move(permission), std::move(handler));
  }
  void post(std::string pattern, Permission permission, Handler handler) {
    add(Method::kPost, std::move(pattern), std::move(permission), std::move(handler));
  }
  const std::vector<Route>& routes() const { return routes_; }
  std::vector<Route>& mutable_routes() { return routes_; }

  struct Match {
    const Route* route = nullptr;
    bool path_matched = false;  // some route has this path with another method (405)
    std::string allow;          // methods for the 405 Allow header
  };
  Match match(Request& req) const;

 private:
  std::vector<Route> routes_;
};

enum class Decision { kAllow, kUnauthenticated, kForbidden, kNotFound, kRedirect };

struct Verdict {
  Decision decision = Decision::kForbidden;
  std::string redirect_to;  // for kRedirect: where the caller must go first (MFA, new password)
};

struct PipelineHooks {
  // Sets req.principal from the session cookie; may add headers (a refreshed cookie).
  std::function<void(Request&, Response&)> authenticate;
  // Decides whether the principal may use a route. Default: public routes only.
  std::function<Verdict(const Request&, const Permission&)> authorize;
  // Extra CSRF verification (the synchronizer token) for state-changing methods.
  std::function<bool(const Request&)> verify_csrf;
  // Renders the error page (HTML or JSON) for a status; default is a plain text body.
  std::function<std::string(const Request&, int status, const std::string& message)> render_error;
  // Where unauthenticated browsers are sent (HTML pages); empty answers 401.
  std::string login_path = "/connexion";
};

// The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks, IPv4 or
// IPv6). Empty: the header is ignored and the client is the TCP peer.
class TrustedProxies {
 public:
  // "10.0.0.1, 192.168.0.0/16, ::1"; nullopt (and `error`) on a malformed entry.
  static std::optional<TrustedProxies> parse(std::string_view list, std::string& error);
  bool contains(std::string_view ip) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct Block {
    std::array<unsigned char, 16> addr{};
    int family = 0;  // AF_INET or AF_INET6
    int prefix = 0;
  };
  std::vector<Block> blocks_;
};

// The client's address (SR 23's per-address limits): the TCP peer, unless the peer is a trusted
// proxy; then X-Forwarded-For is read from the right, skipping trusted proxies, and the first
// other address is the client. A forged left part of the header is never reached.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted);

struct PipelineOptions {
  // Origins allowed to send state-changing requests (e.g. "http://127.0.0.1:8080").
  std::vector<std::string> allowed_origins;
  TrustedProxies trusted_proxies;
  bool hsts = true;
  bool access_log = true;
};

class Pipeline {
 public:
  Pipeline(Router& router, PipelineHooks hooks, PipelineOptions options, const Clock& clock,
           Random& rng);
  Response handle(Request& req);
  const Metrics& metrics() const { return metrics_; }
  const Router& router() const { return router_; }

 private:
  Response dispatch(Request& req, Response& pre, const Route*& matched);
  Response error_response(const Request& req, int status, const std::string& message);
  void finalize(const Request& req, Response& res);
  bool origin_allowed(const Request& req) const;

  Router& router_;
  PipelineHooks hooks_;
  PipelineOptions options_;
  const Clock& clock_;
  Random& rng_;
  Metrics metrics_;
  RouteMetrics* unmatched_ = nullptr;
};

// The security headers every response carries (SR 41), for a given CSP nonce.
void apply_security_headers(Response& res, std::string_view nonce, bool hsts);

}  // namespace jalon::http
