#include "http/router.h"

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "core/dates.h"
#include "core/log.h"
#include "http/forms.h"
#include "store/database.h"

namespace jalon::http {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) reads as IPv4.
bool parse_ip(std::string_view text, std::array<unsigned char, 16>& out, int& family) {
  std::string s(trim_spaces(text));
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  out.fill(0);
  if (inet_pton(AF_INET, s.c_str(), out.data()) == 1) {
    family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) {
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped, mapped + 12, out.begin())) {
      std::copy(out.begin() + 12, out.end(), out.begin());
      std::fill(out.begin() + 4, out.end(), 0);
      family = AF_INET;
    } else {
      family = AF_INET6;
    }
    return true;
  }
  return false;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool match_route(const Route& r, const std::vector<std::string>& parts,
                 std::map<std::string, std::string, std::less<>>& params) {
  params.clear();
  for (size_t i = 0; i < r.segments.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.starts_with('{') && seg.ends_with("...}")) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (size_t k = i; k < parts.size(); ++k) rest += (k == i ? "" : "/") + parts[k];
      if (rest.empty()) return false;
      params[seg.substr(1, seg.size() - 5)] = rest;
      return true;
    }
    if (i >= parts.size()) return false;
    if (seg.starts_with('{') && seg.ends_with('}')) {
      if (parts[i].empty()) return false;
      params[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return parts.size() == r.segments.size();
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string origin_of(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  size_t slash = url.find('/', scheme + 3);
  return std::string(url.substr(0, slash));
}

}  // namespace

std::string Permission::describe() const {
  switch (kind_) {
    case Kind::kPublic:
      return "public (" + name_ + ")";
    case Kind::kAuthenticated:
      return "authenticated";
    default:
      return "capability:" + name_;
  }
}

void Router::add(Method method, std::string pattern, Permission permission, Handler handler) {
  if (pattern.empty() || pattern[0] != '/') throw std::invalid_argument("route must start with /");
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::invalid_argument("route registered twice: " + pattern);
    }
  }
  Route r{method, pattern, std::move(permission), std::move(handler), split_path(pattern)};
  routes_.push_back(std::move(r));
}

Router::Match Router::match(Request& req) const {
  Match m;
  auto parts = split_path(req.path);
  Method want = req.method == Method::kHead ? Method::kGet : req.method;
  std::map<std::string, std::string, std::less<>> params;
  for (const auto& r : routes_) {
    if (!match_route(r, parts, params)) continue;
    if (r.method == want) {
      m.route = &r;
      req.path_params = std::move(params);
      return m;
    }
    m.path_matched = true;
    m.allow += (m.allow.empty() ? "" : ", ") + std::string(method_name(r.method));
  }
  return m;
}

void apply_security_headers(Response& res, std::string_view nonce, bool hsts) {
  std::string csp = "default-src 'self'; script-src 'self' 'nonce-" + std::string(nonce) +
                    "'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  // A handler may tighten it (downloads add `sandbox`); it is never loosened here.
  if (const auto* own = res.find_header("Content-Security-Policy"); !own || own->empty()) {
    res.set_header("Content-Security-Policy", csp);
  }
  if (hsts) res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (!res.find_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
}

Pipeline::Pipeline(Router& router, PipelineHooks hooks, PipelineOptions options, const Clock& clock,
                   Random& rng)
    : router_(router),
      hooks_(std::move(hooks)),
      options_(std::move(options)),
      clock_(clock),
      rng_(rng) {
  for (auto& r : router_.mutable_routes()) {
    r.metrics = metrics_.slot(std::string(method_name(r.method)), r.pattern);
  }
  unmatched_ = metrics_.slot("ANY", "(unmatched)");
}

bool Pipeline::origin_allowed(const Request& req) const {
  std::string origin = req.header("origin");
  if (origin.empty()) origin = origin_of(req.header("referer"));
  if (origin.empty()) return true;  // non-browser client: the CSRF token still applies
  for (const auto& o : options_.allowed_origins) {
    if (o == origin) return true;
  }
  return false;
}

Response Pipeline::error_response(const Request& req, int status, const std::string& message) {
  Response res;
  res.status = status;
  std::string body;
  try {
    if (hooks_.render_error) body = hooks_.render_error(req, status, message);
  } catch (const std::exception& e) {
    log::error("error_page_failed", {{"cid", req.correlation_id}, {"what", e.what()}});
  }
  if (body.empty()) {
    body = "Erreur " + std::to_string(status) + " — référence " + req.correlation_id + "\n";
    res.set_header("Content-Type", "text/plain; charset=utf-8");
  } else {
    res.set_header("Content-Type",
                   req.wants_json() ? "application/problem+json" : "text/html; charset=utf-8");
  }
  res.body = std::move(body);
  return res;
}

Response Pipeline::dispatch(Request& req, Response& pre, const Route*& matched) {
  auto m = router_.match(req);
  matched = m.route;
  if (!m.route) {
    if (m.path_matched) {
      Response r = error_response(req, 405, {});
      r.set_header("Allow", m.allow);
      return r;
    }
    return error_response(req, 404, {});
  }
  const Route& route = *m.route;
  req.route_pattern = route.pattern;

  if (hooks_.authenticate) hooks_.authenticate(req, pre);

  if (changes_state(req.method)) {
    bool csrf_ok = false;
    try {
      csrf_ok = origin_allowed(req) && (!hooks_.verify_csrf || hooks_.verify_csrf(req));
    } catch (...) {
      csrf_ok = false;
    }
    if (!csrf_ok) {
      log::warn("csrf_rejected", {{"cid", req.correlation_id}, {"route", route.pattern}});
      return error_response(req, 403, "La requête n'a pas pu être vérifiée. Rechargez la page.");
    }
  }

  Verdict v;
  try {
    if (hooks_.authorize) {
      v = hooks_.authorize(req, route.permission);
    } else {
      v.decision = route.permission.kind() == Permission::Kind::kPublic
                       ? Decision::kAllow
                       : Decision::kUnauthenticated;
    }
  } catch (...) {
    v.decision = Decision::kForbidden;  // fail closed
  }
  switch (v.decision) {
    case Decision::kAllow:
      break;
    case Decision::kRedirect:
      if (!req.wants_json() && req.method == Method::kGet) return Response::redirect(v.redirect_to);
      return error_response(req, 403, {});
    case Decision::kUnauthenticated:
      if (!req.wants_json() && req.method == Method::kGet && !hooks_.login_path.empty()) {
        std::string back = requested_path(req);
        return Response::redirect(back.empty()
                                      ? hooks_.login_path
                                      : hooks_.login_path + "?retour=" + percent_encode(back));
      }
      return error_response(req, 401, {});
    case Decision::kForbidden:
      return error_response(req, 403, {});
    case Decision::kNotFound:
      return error_response(req, 404, {});
  }

  Response res = route.handler(req);
  if (res.error_page) {
    Response err = error_response(req, res.status, res.error_message);
    for (const auto& [k, v] : res.headers) {
      if (!err.find_header(k)) err.headers.emplace_back(k, v);
    }
    return err;
  }
  return res;
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string& error) {
  TrustedProxies out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = trim_spaces(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty()) continue;
    Block b;
    std::string_view addr = item;
    int prefix = -1;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      addr = item.substr(0, slash);
      std::string bits(item.substr(slash + 1));
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos) {
        error = "bad prefix length in \"" + std::string(item) + "\"";
        return std::nullopt;
      }
      prefix = std::stoi(bits);
    }
    if (!parse_ip(addr, b.addr, b.family)) {
      error = "not an IP address or CIDR block: \"" + std::string(item) + "\"";
      return std::nullopt;
    }
    int max = b.family == AF_INET ? 32 : 128;
    if (prefix > max) {
      error = "prefix longer than the address in \"" + std::string(item) + "\"";
      return std::nullopt;
    }
    b.prefix = prefix < 0 ? max : prefix;
    out.blocks_.push_back(b);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view ip) const {
  std::array<unsigned char, 16> a{};
  int family = 0;
  if (blocks_.empty() || !parse_ip(ip, a, family)) return false;
  for (const auto& b : blocks_) {
    if (b.family != family) continue;
    int full = b.prefix / 8, rest = b.prefix % 8;
    if (!std::equal(a.begin(), a.begin() + full, b.addr.begin())) continue;
    if (rest) {
      auto mask = static_cast<unsigned char>(0xff << (8 - rest));
      if ((a[full] & mask) != (b.addr[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted) {
  if (forwarded_for.empty() || !trusted.contains(peer)) return std::string(peer);
  std::string_view rest = forwarded_for;
  std::string last_trusted(peer);
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view item =
        trim_spaces(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    std::array<unsigned char, 16> a{};
    int family = 0;
    // A malformed hop was written by someone we do not trust: the last trusted hop is the client.
    if (!parse_ip(item, a, family)) return last_trusted;
    if (!trusted.contains(item)) return std::string(item);
    last_trusted = std::string(item);
  }
  return last_trusted;
}

Response Pipeline::handle(Request& req) {
  auto started = std::chrono::steady_clock::now();
  if (!options_.trusted_proxies.empty()) {
    std::string forwarded;  // several headers are one list, in order (RFC 9110 §5.3)
    for (const auto& [k, v] : req.headers) {
      if (k == "x-forwarded-for") forwarded += (forwarded.empty() ? "" : ",") + v;
    }
    req.remote_ip = client_address(req.remote_ip, forwarded, options_.trusted_proxies);
  }
  req.received_at = clock_.now_ms();
  req.correlation_id = new_token(rng_, 12);
  req.csp_nonce = new_token(rng_, 16);
  Response pre;  // headers hooks add before the handler runs (cookies)
  Response res;
  const Route* matched = nullptr;
  try {
    req.query = parse_urlencoded(req.query_string);
    req.cookies = parse_cookies(req.header("cookie"));
    if (req.header("content-type").starts_with("application/x-www-form-urlencoded")) {
      req.form = parse_urlencoded(req.body);
    }
    res = dispatch(req, pre, matched);
  } catch (const store::StoreError& e) {
    bool unavailable = e.kind() == store::StoreError::Kind::kFull ||
                       e.kind() == store::StoreError::Kind::kBusy ||
                       e.kind() == store::StoreError::Kind::kUnavailable;
    log::error("store_error", {{"cid", req.correlation_id}, {"what", e.what()}});
    res = error_response(req, unavailable ? 503 : 500, {});
  } catch (const std::exception& e) {
    log::error("handler_exception", {{"cid", req.correlation_id}, {"what", e.what()}});
    res = error_response(req, 500, {});
  } catch (...) {
    log::error("handler_exception", {{"cid", req.correlation_id}});
    res = error_response(req, 500, {});
  }
  for (auto& [k, v] : pre.headers) res.headers.emplace_back(k, v);
  finalize(req, res);
  if (req.method == Method::kHead) res.body.clear();

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RouteMetrics* slot = matched ? matched->metrics : unmatched_;
  if (slot) slot->record(res.status, secs);
  if (options_.access_log) {
    // No path, query string or IP: only the route pattern, so no personal data reaches the log.
    char line[512];
    std::snprintf(line, sizeof line,
                  "{\"ts\":\"%s\",\"event\":\"http\",\"method\":\"%s\",\"route\":\"%s\","
                  "\"status\":%d,\"ms\":%.3f,\"bytes\":%zu,\"cid\":\"%s\"}",
                  dates::rfc3339_utc(req.received_at).c_str(),
                  std::string(method_name(req.method)).c_str(),
                  json_escape(matched ? matched->pattern : "(unmatched)").c_str(), res.status,
                  secs * 1000, res.body.size(), req.correlation_id.c_str());
    log::raw_line(line);
  }
  return res;
}

void Pipeline::finalize(const Request& req, Response& res) {
  apply_security_headers(res, req.csp_nonce, options_.hsts);
  res.set_header("X-Correlation-Id", req.correlation_id);
}

}  // namespace jalon::http
