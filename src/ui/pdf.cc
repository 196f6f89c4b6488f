#include "ui/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "core/log.h"
#include "core/subprocess.h"

extern char** environ;

namespace jalon::ui {
namespace {

namespace fs = std::filesystem;

using Clock = std::chrono::steady_clock;

constexpr int kDocxTimeoutSeconds = 90;

// Only what the document carries itself: inline styles, data: images and fonts. No script, no
// request to any host, no file:// read beyond the document (Chromium honours a policy given in a
// <meta> of a file:// page; it only ever narrows what the document may do).
constexpr const char* kPolicy =
    R"(<meta http-equiv="Content-Security-Policy" content="default-src 'none'; )"
    R"(style-src 'unsafe-inline'; img-src data:; font-src data:">)";

// The HTML with the policy first in its <head> (or in front of everything without one).
std::string with_policy(const std::string& html) {
  std::string lower = html.substr(0, std::min<std::size_t>(html.size(), 4096));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // "<head>" or "<head ...>", not "<header>".
  std::size_t head = lower.find("<head");
  while (head != std::string::npos && head + 5 < lower.size() && lower[head + 5] != '>' &&
         !std::isspace(static_cast<unsigned char>(lower[head + 5]))) {
    head = lower.find("<head", head + 5);
  }
  auto end = head == std::string::npos ? std::string::npos : lower.find('>', head);
  if (end == std::string::npos) return kPolicy + html;
  return html.substr(0, end + 1) + kPolicy + html.substr(end + 1);
}

unsigned env_number(const char* name, unsigned fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  unsigned long n = std::strtoul(v, &end, 10);
  return *end == '\0' && n <= 1000 ? static_cast<unsigned>(n) : fallback;
}

using subprocess::log_tail;
using subprocess::read_file;
using subprocess::run;
using subprocess::write_file;

// A private scratch directory for one export.
struct Scratch : subprocess::Scratch {
  Scratch() : subprocess::Scratch("jalon-export") {}
};

}  // namespace

struct ExportPool::Task {
  Job job;
  Clock::time_point deadline;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  Result<std::string> result = Error::unavailable("");
};

ExportPool::ExportPool(ExportLimits limits) : limits_(limits) {
  for (unsigned i = 0; i < std::max(1u, limits_.workers); ++i)
    threads_.emplace_back([this] { work(); });
}

ExportPool::~ExportPool() {
  {
    std::lock_guard g(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

Result<std::string> ExportPool::run(Job job) {
  auto task = std::make_shared<Task>();
  task->job = std::move(job);
  task->deadline = Clock::now() + limits_.timeout;
  {
    std::lock_guard g(mutex_);
    if (stopping_ || queue_.size() >= limits_.queue) {
      return Error::unavailable("Trop de documents sont en cours de création : réessayez dans " +
                                std::to_string(kExportRetryAfterSeconds) + " secondes.");
    }
    queue_.push_back(task);
  }
  ready_.notify_one();
  std::unique_lock lk(task->mutex);
  if (!task->done_cv.wait_until(lk, task->deadline, [&] { return task->done; })) {
    lk.unlock();
    std::lock_guard g(mutex_);
    // Still queued: drop it. Running: its job stops at the same deadline.
    queue_.erase(std::remove(queue_.begin(), queue_.end(), task), queue_.end());
    return Error::unavailable(
        "La création du document a pris trop de temps : réessayez plus tard.");
  }
  return std::move(task->result);
}

std::size_t ExportPool::queued() {
  std::lock_guard g(mutex_);
  return queue_.size();
}

void ExportPool::work() {
  for (;;) {
    std::shared_ptr<Task> task;
    {
      std::unique_lock lk(mutex_);
      ready_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        for (auto& t : queue_) {
          std::lock_guard tg(t->mutex);
          t->done = true;
          t->result = Error::unavailable("Le service redémarre : réessayez dans un instant.");
          t->done_cv.notify_all();
        }
        queue_.clear();
        return;
      }
      task = queue_.front();
      queue_.pop_front();
    }
    Result<std::string> r = Error::internal("export job threw");
    try {
      r = task->job(task->deadline);
    } catch (const std::exception& e) {
      log::error("export job failed", {{"what", e.what()}});
    }
    std::lock_guard tg(task->mutex);
    task->done = true;
    task->result = std::move(r);
    task->done_cv.notify_all();
  }
}

namespace {

Result<std::string> print_pdf(const std::string& html, Clock::time_point deadline) {
  Scratch tmp;
  write_file(tmp.dir / "document.html", with_policy(html));
  fs::path pdf = tmp.dir / "document.pdf", log = tmp.dir / "chromium.log";
  const char* bin = std::getenv("JALON_CHROMIUM");
  std::vector<std::string> args = {
      bin && *bin ? bin : "chromium", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--no-pdf-header-footer",
      // Scripts are off through the document's policy (script-src falls back to 'none'):
      // --blink-settings=scriptEnabled=false also stops headless printing (no PDF is written).
      // No network: every request, loopback included, goes to a proxy on a closed port, and no
      // host name resolves; no background traffic of Chromium's own.
      "--proxy-server=127.0.0.1:1", "--proxy-bypass-list=<-loopback>",
      "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-extensions",
      "--disable-default-apps", "--user-data-dir=" + (tmp.dir / "profile").string(),
      "--print-to-pdf=" + pdf.string()};
  // Chromium refuses to start as root with its sandbox on. Without it, a renderer exploit would
  // run with the server's rights: this is why the page runs no script, reaches no network and
  // reads nothing but its own file, lives in a private directory removed afterwards, and why at
  // most a few run at once under a deadline. Run the server as an ordinary user to keep the
  // sandbox.
  if (geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  args.push_back("file://" + (tmp.dir / "document.html").string());
  bool ok = run(args, log, tmp.dir, deadline);
  auto bytes = read_file(pdf);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("pdf export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du PDF a échoué (Chromium).");
  }
  return *bytes;
}

std::atomic<unsigned> g_request_threads{0};

ExportLimits pool_limits() {
  ExportLimits l{env_number("JALON_PDF_WORKERS", 2), env_number("JALON_PDF_QUEUE", 4),
                 std::chrono::seconds(env_number("JALON_PDF_TIMEOUT_SECONDS", 60))};
  l.workers = std::max(1u, l.workers);
  // Exports waiting or running hold a request thread each: leave two for everyone else.
  if (unsigned threads = g_request_threads.load(); threads > 0) {
    unsigned room = threads > 3 ? threads - 2 : 1;
    l.workers = std::min(l.workers, room);
    l.queue = std::min(l.queue, room - l.workers);
  }
  return l;
}

ExportPool& pdf_pool() {
  static ExportPool pool(pool_limits());
  return pool;
}

}  // namespace

http::Response export_unavailable(const Error& e) {
  auto r = http::Response::error(503, e.message);
  r.set_header("Retry-After", std::to_string(kExportRetryAfterSeconds));
  return r;
}

Result<std::string> html_to_pdf(const std::string& html) {
  // By value: a job that outlives its timeout still runs after this call has returned.
  return pdf_pool().run([html](Clock::time_point deadline) { return print_pdf(html, deadline); });
}

void limit_exports_to(unsigned request_threads) {
  g_request_threads = request_threads;
}

namespace {

Result<std::string> pandoc_docx(const std::string& html,
                                const std::vector<std::pair<std::string, std::string>>& files,
                                Clock::time_point deadline) {
  Scratch tmp;
  write_file(tmp.dir / "document.html", html);
  for (const auto& [name, data] : files) write_file(tmp.dir / name, data);
  fs::path docx = tmp.dir / "document.docx", log = tmp.dir / "pandoc.log";
  bool ok = run({"pandoc", "--from=html", "--to=docx", "--resource-path=" + tmp.dir.string(),
                 "--output=" + docx.string(), (tmp.dir / "document.html").string()},
                log, tmp.dir, deadline);
  auto bytes = read_file(docx);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("docx export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du document Word a échoué (pandoc).");
  }
  return *bytes;
}

}  // namespace

Result<std::string> html_to_docx(const std::string& html,
                                 const std::vector<std::pair<std::string, std::string>>& files) {
  // Through the same bounded pool as PDFs: pandoc is a process per request too.
  return pdf_pool().run([html, files](Clock::time_point deadline) {
    return pandoc_docx(
        html, files, std::min(deadline, Clock::now() + std::chrono::seconds(kDocxTimeoutSeconds)));
  });
}

}  // namespace jalon::ui
