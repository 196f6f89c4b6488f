// Documents out of HTML: PDF printed by Debian's Chromium in headless mode (selectable text,
// vector SVG), DOCX converted by pandoc (extra files such as SVG charts beside the HTML). Each
// runs as a child process (posix_spawn, no shell) with a time limit, in a private temporary
// directory removed afterwards. The HTML must be standalone (CSS inline, images as data: URLs):
// the PDF is printed with scripts off and no network, and a Content-Security-Policy allowing only
// inline styles and data: images keeps it from loading anything, local files included.
//
// PDF exports go through one bounded pool (ExportPool): a few Chromium processes at once and a
// short queue; when the queue is full html_to_pdf answers at once with a kUnavailable error, and
// the caller answers 503 with Retry-After: kExportRetryAfterSeconds. Its size comes from
// JALON_PDF_WORKERS (2), JALON_PDF_QUEUE (4) and JALON_PDF_TIMEOUT_SECONDS (60), read once; the
// Chromium binary from JALON_CHROMIUM ("chromium").
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace jalon::ui {

inline constexpr int kExportRetryAfterSeconds = 30;

struct ExportLimits {
  unsigned workers = 2;                       // jobs running at once
  unsigned queue = 4;                         // jobs waiting for a worker
  std::chrono::milliseconds timeout{60'000};  // from submission to result
};

// Runs jobs on its own threads, at most `workers` at once and `queue` waiting. Thread-safe.
class ExportPool {
 public:
  // A job gets the time by which it must be done (and must kill what it started past it).
  using Job = std::function<Result<std::string>(std::chrono::steady_clock::time_point deadline)>;

  explicit ExportPool(ExportLimits limits);
  ~ExportPool();  // waits for running jobs; queued ones are answered "unavailable"
  ExportPool(const ExportPool&) = delete;
  ExportPool& operator=(const ExportPool&) = delete;

  // The job's result; kUnavailable at once when the queue is full, or when the result is not
  // there by the timeout (a queued job is then dropped).
  Result<std::string> run(Job job);
  // Jobs waiting for a worker now.
  std::size_t queued();

 private:
  struct Task;
  void work();

  ExportLimits limits_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Task>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

Result<std::string> html_to_pdf(const std::string& html);
// The page for an export that could not be made now: 503 with its message and Retry-After.
http::Response export_unavailable(const Error& e);
// Caps the export pool (workers and queue) so that exports, which hold a request thread while
// they wait or run, leave two of the server's `request_threads` free. Call before the first
// export (jalon serve does, at start-up).
void limit_exports_to(unsigned request_threads);
// `files`: name and bytes of files the HTML refers to (images), written beside it. Runs in the
// same bounded pool as PDFs.
Result<std::string> html_to_docx(const std::string& html,
                                 const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace jalon::ui
