#include "referentials/pg_dump.h"

namespace jalon::referentials {

std::string unescape_copy_field(std::string_view f) {
  if (f == "\\N") return {};
  std::string out;
  out.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '\\' || i + 1 == f.size()) {
      out += f[i];
      continue;
    }
    char c = f[++i];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      default:
        if (c >= '0' && c <= '7') {  // up to three octal digits
          int v = c - '0';
          for (int k = 0; k < 2 && i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '7'; ++k) {
            v = v * 8 + (f[++i] - '0');
          }
          out += static_cast<char>(v);
        } else {
          out += c;  // "\\" and any other escaped character stand for themselves
        }
    }
  }
  return out;
}

CopyTable::CopyTable(const std::string& path, const std::string& table, Progress* progress)
    : TextTable(path, Encoding::kUtf8, progress, false) {
  const std::string head = "COPY " + table + " (";
  std::string line;
  while (next_line(line)) {
    if (!line.starts_with(head)) continue;
    auto close = line.find(") FROM stdin;", head.size());
    if (close == std::string::npos) fail("ligne COPY illisible");
    std::string cols = line.substr(head.size(), close - head.size());
    std::size_t start = 0;
    while (start <= cols.size()) {
      std::size_t comma = cols.find(',', start);
      if (comma == std::string::npos) comma = cols.size();
      std::string name = cols.substr(start, comma - start);
      while (!name.empty() && name.front() == ' ') name.erase(0, 1);
      columns_.push_back(name);
      start = comma + 1;
    }
    in_block_ = true;
    break;
  }
  if (!in_block_) {
    throw ImportError({file_, {}, {}}, "bloc « COPY " + table + " » introuvable dans le fichier");
  }
  read_header();
}

bool CopyTable::next_line(std::string& out) {
  for (;;) {
    std::size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      out.assign(buf_, pos_, nl - pos_);
      pos_ = nl + 1;
      ++line_no_;
      return true;
    }
    buf_.erase(0, pos_);
    pos_ = 0;
    std::size_t old = buf_.size();
    buf_.resize(old + 64 * 1024);
    std::size_t n = source_.read(buf_.data() + old, 64 * 1024);
    buf_.resize(old + n);
    if (n == 0) {
      if (buf_.empty()) return false;
      out = buf_;
      buf_.clear();
      ++line_no_;
      return true;
    }
  }
}

bool CopyTable::read_row(std::vector<std::string>& cells, int64_t& line) {
  if (!columns_.empty()) {  // the header, once
    cells = std::move(columns_);
    columns_.clear();
    line = line_no_;
    return true;
  }
  if (!in_block_) return false;
  std::string text;
  if (!next_line(text)) {
    throw ImportError({file_, Location::line(line_no_), {}}, "fin du bloc COPY (\\.) manquante");
  }
  if (text == "\\.") {
    in_block_ = false;
    return false;
  }
  line = line_no_;
  cells.clear();
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = text.find('\t', start);
    std::string_view f = std::string_view(text).substr(
        start, (tab == std::string::npos ? text.size() : tab) - start);
    cells.push_back(unescape_copy_field(f));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return true;
}

void CopyTable::check_row() const {
  check_width();
}

}  // namespace jalon::referentials
