// The bench ceiling: a bare RESTinio hello-world with the same thread count and traits as
// Jalon's server, so bench/run.sh can print Jalon's throughput as a ratio of it.
#include <restinio/all.hpp>

#include <cstdlib>

int main(int argc, char** argv) {
  unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 8099;
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 8;
  using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
  restinio::run(restinio::on_thread_pool<Traits>(threads)
                    .address("127.0.0.1")
                    .port(port)
                    .request_handler([](auto req) {
                      return req->create_response()
                          .append_header("Content-Type", "text/plain; charset=utf-8")
                          .set_body("ok\n")
                          .done();
                    }));
  return 0;
}
