#include "territorial/export.h"

#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/dates.h"
#include "core/log.h"

extern char** environ;

namespace jalon::territorial {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += (cur.empty() ? "" : "\n") + line;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string log_tail(const fs::path& log) {
  auto s = read_file(log).value_or("");
  return s.size() > 400 ? s.substr(s.size() - 400) : s;
}

}  // namespace

json figure_view(const Figure& f, const std::string& image) {
  json rows = json::array();
  for (const auto& r : f.rows) rows.push_back({{"cells", r}});
  json fj = {{"key", f.key},     {"section", f.section}, {"title", f.title},
             {"source", f.source}, {"note", f.note},       {"headers", f.headers},
             {"rows", rows},       {"has_rows", !f.rows.empty()}, {"svg", ""}, {"image", ""},
             {"has_svg", false},   {"has_image", false}, {"has_note", !f.note.empty()}};
  // kainjow's sections treat "" as true: explicit flags say what to draw.
  if (!f.svg.empty()) {
    if (!image.empty()) {
      fj["image"] = image;
      fj["has_image"] = true;
    } else {
      fj["svg"] = f.svg;
      fj["has_svg"] = true;
    }
  }
  return fj;
}

json note_context(const Note& note, bool images_as_files) {
  std::map<std::string, const Figure*> by_key;
  for (const auto& f : note.figures) by_key[f.key] = &f;
  json sections = json::array();
  int n = 0;
  for (const auto& s : note.sections) {
    json figs = json::array();
    for (const auto& key : s.figures) {
      auto it = by_key.find(key);
      if (it == by_key.end()) continue;
      const Figure& f = *it->second;
      std::string image;
      if (images_as_files && !f.svg.empty()) image = "figure-" + std::to_string(++n) + ".svg";
      figs.push_back(figure_view(f, image));
    }
    json paras = json::array();
    for (const auto& p : paragraphs(s.text)) paras.push_back(p);
    sections.push_back({{"code", s.code},
                        {"title", s.title},
                        {"paragraphs", paras},
                        {"has_text", !paras.empty()},
                        {"figures", figs}});
  }
  return {{"title", note.title},
          {"territory", note.territory_name},
          {"version", note.version},
          {"saved_on", dates::iso(dates::local_date(note.saved_at))},
          {"sections", sections}};
}

Result<std::string> note_pdf(const ui::Renderer& renderer, const assets::AssetSource& assets,
                             const Note& note) {
  json ctx = note_context(note, false);
  ctx["inline_css"] = assets.get("static/css/note.css").value_or("");
  std::string html = renderer.render("territorial/note_document", ctx);
  Scratch tmp;
  write_file(tmp.dir / "note.html", html);
  fs::path pdf = tmp.dir / "note.pdf", log = tmp.dir / "chromium.log";
  bool ok = run({"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
                 "--user-data-dir=" + (tmp.dir / "profile").string(),
                 "--print-to-pdf=" + pdf.string(), "file://" + (tmp.dir / "note.html").string()},
                log, tmp.dir);
  auto bytes = read_file(pdf);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("pdf export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du PDF a échoué (Chromium).");
  }
  return *bytes;
}

Result<std::string> note_docx(const ui::Renderer& renderer, const Note& note) {
  json ctx = note_context(note, true);
  ctx["for_docx"] = true;
  std::string html = renderer.render("territorial/note_document", ctx);
  Scratch tmp;
  write_file(tmp.dir / "note.html", html);
  // The charts as SVG files beside the document, in the order note_context numbered them.
  std::map<std::string, const Figure*> by_key;
  for (const auto& f : note.figures) by_key[f.key] = &f;
  int n = 0;
  for (const auto& s : note.sections) {
    for (const auto& key : s.figures) {
      auto it = by_key.find(key);
      if (it == by_key.end() || it->second->svg.empty()) continue;
      write_file(tmp.dir / ("figure-" + std::to_string(++n) + ".svg"), it->second->svg);
    }
  }
  fs::path docx = tmp.dir / "note.docx", log = tmp.dir / "pandoc.log";
  bool ok = run({"pandoc", "--from=html", "--to=docx", "--resource-path=" + tmp.dir.string(),
                 "--output=" + docx.string(), (tmp.dir / "note.html").string()},
                log, tmp.dir);
  auto bytes = read_file(docx);
  if (!ok || !bytes || bytes->size() < 100) {
    log::error("docx export failed", {{"detail", log_tail(log)}});
    return Error::unavailable("La création du document Word a échoué (pandoc).");
  }
  return *bytes;
}

}  // namespace jalon::territorial
