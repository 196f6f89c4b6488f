// Running an external program (Chromium, pandoc, rsvg-convert) on files in a private scratch
// directory: no shell, output to a log file, killed past its deadline.
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace jalon::subprocess {

// A private directory (0700, named from `prefix`), removed with everything in it.
struct Scratch {
  explicit Scratch(const std::string& prefix);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::filesystem::path dir;
};

void write_file(const std::filesystem::path& p, const std::string& data);
std::optional<std::string> read_file(const std::filesystem::path& p);

// Runs argv in `cwd`, stdin from /dev/null, stdout and stderr to `log`; false when it cannot
// start, exits non-zero, or outlives `deadline` (then it is killed).
bool run(const std::vector<std::string>& args, const std::filesystem::path& log,
         const std::filesystem::path& cwd, std::chrono::steady_clock::time_point deadline);

// The last 400 bytes of a log, for an error record.
std::string log_tail(const std::filesystem::path& log);

}  // namespace jalon::subprocess
