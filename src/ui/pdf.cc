#include "ui/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "core/log.h"

extern char** environ;

namespace jalon::ui {
namespace {

namespace fs = std::filesystem;

constexpr int kTimeoutSeconds = 90;

// A private scratch directory, removed with everything in it.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "jalon-export-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs argv (no shell), its output to `log`; false when it fails or outlives the time limit.
bool run(const std::vector<std::string>& args, const fs::path& log, const fs::path& cwd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string log_tail(const fs::path& log) {
  auto s = read_file(log).value_or("");
  return s.size() > 400 ? s.substr(s.size() - 400) : s;
}

}  // namespace

Result<std::string> html_to_pdf(const std::string& html) {
  Scratch tmp;
  write_file(tmp.dir / "document.html", html);
  fs::path pdf = tmp.dir / "document.pdf", log = tmp.dir / "chromium.log";
  bool ok =
      run({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--no-pdf-header-footer",
           "--user-data-dir=" + (tmp.dir / "profile").string(), "--print-to-pdf=" + pdf.string(),
           "file://" + (tmp.dir / "document.html").string()},
          log, tmp.dir);
  auto bytes = read_file(pdf);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("pdf export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du PDF a échoué (Chromium).");
  }
  return *bytes;
}

Result<std::string> html_to_docx(const std::string& html,
                                 const std::vector<std::pair<std::string, std::string>>& files) {
  Scratch tmp;
  write_file(tmp.dir / "document.html", html);
  for (const auto& [name, data] : files) write_file(tmp.dir / name, data);
  fs::path docx = tmp.dir / "document.docx", log = tmp.dir / "pandoc.log";
  bool ok = run({"pandoc", "--from=html", "--to=docx", "--resource-path=" + tmp.dir.string(),
                 "--output=" + docx.string(), (tmp.dir / "document.html").string()},
                log, tmp.dir);
  auto bytes = read_file(docx);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("docx export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du document Word a échoué (pandoc).");
  }
  return *bytes;
}

}  // namespace jalon::ui
