// The HTTP server: RESTinio, confined to server.cc, turned into calls of a handler on Jalon's own
// Request/Response. Limits (body size, multipart parts, header count, timeouts) are enforced
// here before any Jalon code runs. stop() drains: new requests get 503 while in-flight ones
// finish (up to a deadline), then connections close.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace jalon::http {

// Splits a multipart/form-data body into text fields (req.form) and files (req.files); false
// with `problem` (French) when over max_parts or malformed. The server calls it; so does the
// multipart fuzz target (fuzz/entries.cc).
bool parse_multipart(std::string_view body, std::string_view boundary, Request& req,
                     std::size_t max_parts, std::string& problem);

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  unsigned threads = 8;  // handlers may block on the store, so more threads than cores
  std::size_t max_body_bytes = 12 * 1024 * 1024;
  std::size_t max_multipart_parts = 20;
  std::size_t max_header_fields = 100;
  std::size_t max_url_bytes = 8 * 1024;
  std::chrono::seconds read_timeout{30};     // to receive a whole request (and keep-alive idle)
  std::chrono::seconds handler_timeout{60};  // for a handler to produce its response
  std::chrono::seconds write_timeout{30};
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  Server(ServerOptions options, Handler handler);
  ~Server();
  // Binds and starts serving on background threads; throws with a clear message on failure.
  void start();
  // The bound port (after start()).
  uint16_t port() const;
  // Graceful stop: refuse new requests, wait for in-flight ones (at most `drain`), close.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jalon::http
