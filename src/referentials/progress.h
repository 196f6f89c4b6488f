// Progress of a long import, drawn as a bar on the terminal. The bar goes to stderr and only when
// stderr is a terminal, so logs, pipes and CI output stay clean. Importers report how far they are
// through their input (bytes read of the file on disk); the bar redraws at most ten times a second.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace jalon::referentials {

class Progress {
 public:
  virtual ~Progress() = default;
  // A new phase: what is being read (a file name) and how many units make 100 %.
  virtual void begin(std::string_view label, uint64_t total) = 0;
  virtual void update(uint64_t done) = 0;
  virtual void end() = 0;
};

class NullProgress final : public Progress {
 public:
  void begin(std::string_view, uint64_t) override {}
  void update(uint64_t) override {}
  void end() override {}
};

// A terminal progress bar when stderr is a TTY, otherwise a NullProgress.
std::unique_ptr<Progress> progress_for_stderr();

// One line of the bar, e.g. "communes.json  [########------------]  40 %" (exposed for tests).
std::string progress_line(std::string_view label, uint64_t done, uint64_t total, int width);

}  // namespace jalon::referentials
