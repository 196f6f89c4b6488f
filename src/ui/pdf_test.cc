// PDF exports: the pool bounds how many run and wait (a full queue and a late result are
// "unavailable" at once, never a blocked thread), and Chromium prints the document with its
// scripts off and without reaching the network — measured on a page that tries both.
#include "ui/pdf.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

using jalon::ui::ExportLimits;
using jalon::ui::ExportPool;
using Deadline = std::chrono::steady_clock::time_point;

TEST_CASE("export pool: a full queue answers at once, a late result times out, others run") {
  ExportPool pool(ExportLimits{1, 1, std::chrono::milliseconds(60'000)});
  std::promise<void> started, release;
  std::shared_future<void> gate = release.get_future().share();
  auto blocking = [&](Deadline) -> jalon::Result<std::string> {
    started.set_value();
    gate.wait();
    return std::string("premier");
  };
  auto first = std::async(std::launch::async, [&] { return pool.run(blocking); });
  started.get_future().wait();  // the only worker is busy
  auto second = std::async(std::launch::async, [&] {
    return pool.run([](Deadline) -> jalon::Result<std::string> { return std::string("second"); });
  });
  // The queue has one place: once the second job holds it, the next one is refused at once.
  while (pool.queued() < 1) std::this_thread::yield();
  auto third =
      pool.run([](Deadline) -> jalon::Result<std::string> { return std::string("trois"); });
  REQUIRE_FALSE(third.ok());
  CHECK(third.error().kind == jalon::ErrorKind::kUnavailable);
  CHECK(third.error().message.find("réessayez dans 30 secondes") != std::string::npos);
  release.set_value();
  CHECK(first.get().value() == "premier");
  CHECK(second.get().value() == "second");
}

TEST_CASE("export pool: a job that outlives the timeout is answered unavailable") {
  ExportPool pool(ExportLimits{1, 1, std::chrono::milliseconds(50)});
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  auto r = pool.run([gate](Deadline) -> jalon::Result<std::string> {
    gate.wait();
    return std::string("trop tard");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == jalon::ErrorKind::kUnavailable);
  CHECK(r.error().message.find("trop de temps") != std::string::npos);
  release.set_value();
}

TEST_CASE("pdf export: a document's scripts do not run and its images are not fetched") {
  // A listener on loopback stands for any host the page might reach.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 16) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string origin = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  std::string html =
      "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>t</title></head>"
      "<body><p id=\"p\">TEXTE-STATIQUE</p>"
      "<script>document.getElementById('p').textContent = 'SCRIPT-' + 'EXECUTE';"
      "fetch('" +
      origin +
      "/fetch');</script>"
      "<img src=\"" +
      origin +
      "/image.png\" alt=\"\">"
      "<link rel=\"stylesheet\" href=\"" +
      origin +
      "/style.css\">"
      "</body></html>";
  auto pdf = jalon::ui::html_to_pdf(html);
  if (!pdf.ok()) FAIL(pdf.error().message);
  // No connection reached the listener (the kernel queues them even unaccepted).
  pollfd p{fd, POLLIN, 0};
  CHECK(poll(&p, 1, 0) == 0);
  close(fd);
  // The printed text is the document's own.
  auto dir =
      std::filesystem::temp_directory_path() / ("jalon-pdf-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.pdf", std::ios::binary) << *pdf;
  std::string cmd = "pdftotext " + (dir / "out.pdf").string() + " " + (dir / "out.txt").string();
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream in(dir / "out.txt");
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("TEXTE-STATIQUE") != std::string::npos);
  CHECK(text.str().find("SCRIPT-EXECUTE") == std::string::npos);
  std::filesystem::remove_all(dir);
}
