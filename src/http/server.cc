// The only translation unit that includes RESTinio (it costs ~10 s to compile; ccache keeps it
// free on rebuilds).
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <restinio/all.hpp>
#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/multipart_body.hpp>

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/log.h"
#include "http/forms.h"

namespace jalon::http {
namespace {

using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 507:
      return "Insufficient Storage";
    default:
      return "Status";
  }
}

uint16_t pick_free_port(const std::string& host) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port on " + host);
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool read_multipart(const restinio::request_handle_t& rq, Request& req, std::size_t max_parts,
                    std::string& problem) {
  namespace mp = restinio::multipart_body;
  auto boundary = mp::detect_boundary_for_multipart_body(*rq, "multipart", "form-data");
  if (!boundary) {
    problem = "multipart sans délimiteur";
    return false;
  }
  return parse_multipart(rq->body(), *boundary, req, max_parts, problem);
}

}  // namespace

bool parse_multipart(std::string_view body, std::string_view boundary, Request& req,
                     std::size_t max_parts, std::string& problem) {
  namespace mp = restinio::multipart_body;
  auto parts = mp::split_multipart_body(body, boundary);
  if (parts.size() > max_parts) {
    problem = "trop de parties dans le formulaire";
    return false;
  }
  for (auto one : parts) {
    auto parsed = mp::try_parse_part(one);
    if (!parsed) {
      problem = "partie de formulaire illisible";
      return false;
    }
    auto disp = parsed->fields.opt_value_of(restinio::http_field::content_disposition);
    if (!disp) continue;
    auto cd = restinio::http_field_parsers::content_disposition_value_t::try_parse(*disp);
    if (!cd || cd->value != "form-data") continue;
    auto name = restinio::http_field_parsers::find_first(cd->parameters, "name");
    if (!name) continue;
    auto filename = restinio::http_field_parsers::find_first(cd->parameters, "filename");
    if (filename) {
      UploadedFile f;
      f.field = std::string(*name);
      f.filename = std::string(*filename);
      auto ct = parsed->fields.opt_value_of(restinio::http_field::content_type);
      f.content_type = ct ? std::string(*ct) : "application/octet-stream";
      f.data = std::string(parsed->body);
      req.files.push_back(std::move(f));
    } else {
      req.form.add(std::string(*name), std::string(parsed->body));
    }
  }
  return true;
}

struct Server::Impl {
  ServerOptions options;
  Server::Handler handler;
  restinio::running_server_handle_t<Traits> running;
  std::atomic<bool> draining{false};
  std::atomic<int> inflight{0};
  std::mutex mutex;
  std::condition_variable idle;

  restinio::request_handling_status_t on_request(const restinio::request_handle_t& rq) {
    if (draining.load()) {
      rq->create_response(
            restinio::http_status_line_t{restinio::http_status_code_t{503}, "Service Unavailable"})
          .append_header("Retry-After", "5")
          .connection_close()
          .set_body("Le service redémarre.\n")
          .done();
      return restinio::request_accepted();
    }
    inflight.fetch_add(1);
    Request req;
    Response res;
    try {
      const auto& h = rq->header();
      req.method = parse_method(h.method().c_str());
      req.path = percent_decode(h.path(), false);
      req.query_string = std::string(h.query());
      h.for_each_field([&](const restinio::http_header_field_t& f) {
        std::string name(f.name());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers.emplace_back(std::move(name), std::string(f.value()));
      });
      req.remote_ip = rq->remote_endpoint().address().to_string();
      std::string problem;
      if (req.header("content-type").starts_with("multipart/form-data")) {
        if (!read_multipart(rq, req, options.max_multipart_parts, problem)) {
          res = Response::text(problem + "\n", 413);
        }
      }
      if (problem.empty()) {
        req.body = std::string(rq->body());
        res = handler(req);
      }
    } catch (const std::exception& e) {
      log::error("server_exception", {{"what", e.what()}});
      res = Response::text("Erreur interne\n", 500);
    }
    auto out = rq->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(res.status)},
        reason_phrase(res.status)});
    for (auto& [k, v] : res.headers) out.append_header(k, v);
    out.set_body(std::move(res.body));
    out.done();
    if (inflight.fetch_sub(1) == 1) {
      std::lock_guard g(mutex);
      idle.notify_all();
    }
    return restinio::request_accepted();
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() {
  if (impl_->running) stop(std::chrono::milliseconds(0));
}

void Server::start() {
  auto& o = impl_->options;
  if (o.port == 0) o.port = pick_free_port(o.host);
  restinio::incoming_http_msg_limits_t limits;
  limits.max_url_size(o.max_url_bytes)
      .max_field_count(o.max_header_fields)
      .max_body_size(o.max_body_bytes);
  Impl* impl = impl_.get();
  try {
    impl_->running = restinio::run_async<Traits>(
        restinio::own_io_context(),
        restinio::server_settings_t<Traits>{}
            .address(o.host)
            .port(o.port)
            .read_next_http_message_timelimit(o.read_timeout)
            .write_http_response_timelimit(o.write_timeout)
            .handle_request_timeout(o.handler_timeout)
            .incoming_http_msg_limits(limits)
            .request_handler([impl](auto rq) { return impl->on_request(rq); }),
        o.threads);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " +
                             e.what());
  }
}

uint16_t Server::port() const {
  return impl_->options.port;
}

void Server::stop(std::chrono::milliseconds drain) {
  if (!impl_->running) return;
  impl_->draining = true;
  {
    std::unique_lock lock(impl_->mutex);
    impl_->idle.wait_for(lock, drain, [&] { return impl_->inflight.load() == 0; });
  }
  impl_->running->stop();
  impl_->running->wait();
  impl_->running.reset();
}

}  // namespace jalon::http
