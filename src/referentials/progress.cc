#include "referentials/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace jalon::referentials {
namespace {

class TerminalProgress final : public Progress {
 public:
  void begin(std::string_view label, uint64_t total) override {
    label_ = label;
    total_ = total;
    last_percent_ = -1;
    last_draw_ = {};
    draw(0, true);
  }
  void update(uint64_t done) override { draw(done, false); }
  void end() override {
    draw(total_, true);
    std::fputc('\n', stderr);
  }

 private:
  void draw(uint64_t done, bool force) {
    auto now = std::chrono::steady_clock::now();
    int percent = total_ ? static_cast<int>(100 * std::min(done, total_) / total_) : 100;
    if (!force && (percent == last_percent_ || now - last_draw_ < std::chrono::milliseconds(100))) {
      return;
    }
    last_percent_ = percent;
    last_draw_ = now;
    std::fprintf(stderr, "\r%s", progress_line(label_, done, total_, 30).c_str());
    std::fflush(stderr);
  }

  std::string label_;
  uint64_t total_ = 0;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace

std::string progress_line(std::string_view label, uint64_t done, uint64_t total, int width) {
  if (done > total) done = total;
  int filled = total ? static_cast<int>(static_cast<uint64_t>(width) * done / total) : width;
  int percent = total ? static_cast<int>(100 * done / total) : 100;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '-');
  char pct[8];
  std::snprintf(pct, sizeof pct, "%3d %%", percent);
  return std::string(label) + "  [" + bar + "] " + pct;
}

std::unique_ptr<Progress> progress_for_stderr() {
  if (isatty(STDERR_FILENO)) return std::make_unique<TerminalProgress>();
  return std::make_unique<NullProgress>();
}

}  // namespace jalon::referentials
