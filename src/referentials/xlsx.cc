#include "referentials/xlsx.h"

#include <minizip/unzip.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

namespace jalon::referentials {
namespace {

unzFile as_zip(void* p) {
  return static_cast<unzFile>(p);
}

constexpr int kColumns = 16384;  // A … XFD, Excel's limit

// "AB12" -> 27 (0-based column index); -1 when there are no letters, kColumns when the letters
// go past XFD (the count stops there, so no letter string overflows it).
int column_of(const char* ref) {
  int col = 0;
  bool any = false;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) {
    col = col * 26 + (*ref - 'A' + 1);
    any = true;
    if (col > kColumns) return kColumns;
  }
  return any ? col - 1 : -1;
}

std::string mib(uint64_t bytes) {
  return std::to_string(bytes >> 20) + " Mio";
}

// The text of a shared string or an inline string: every <t> run, phonetic runs (<rPh>) aside.
void collect_text(const pugi::xml_node& node, const std::string& prefix, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    std::string_view name = child.name();
    if (name == prefix + "rPh") continue;
    if (name == prefix + "t") {
      out += child.text().get();
    } else {
      collect_text(child, prefix, out);
    }
  }
}

std::string element_prefix(std::string_view qualified_name) {
  auto colon = qualified_name.find(':');
  return colon == std::string_view::npos ? std::string()
                                         : std::string(qualified_name.substr(0, colon + 1));
}

// "worksheets/sheet2.xml" relative to xl/, or "/xl/worksheets/sheet2.xml" absolute.
std::string resolve_target(const std::string& target) {
  if (target.starts_with("/")) return target.substr(1);
  return "xl/" + target;
}

}  // namespace

XlsxWorkbook::XlsxWorkbook(const std::string& path, XlsxLimits limits)
    : file_(base_name(path)), limits_(limits) {
  // A constructor that throws runs no destructor: close the archive here.
  try {
    load(path);
  } catch (...) {
    if (zip_) unzClose(as_zip(zip_));
    throw;
  }
}

void XlsxWorkbook::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) fail("fichier introuvable ou illisible");
  zip_ = unzOpen64(path.c_str());
  if (!zip_) {
    fail(
        "classeur xlsx illisible : archive zip tronquée ou corrompue, ou fichier qui n'est pas "
        "un classeur Excel");
  }
  // Sheets in workbook order, their XML located through the workbook's relationships.
  pugi::xml_document rels;
  std::string rels_xml = read_entry("xl/_rels/workbook.xml.rels");
  if (!rels.load_buffer(rels_xml.data(), rels_xml.size()))
    fail("XML invalide", "workbook.xml.rels");
  std::vector<std::pair<std::string, std::string>> targets;
  for (pugi::xml_node r : rels.document_element().children()) {
    targets.emplace_back(r.attribute("Id").value(), r.attribute("Target").value());
  }
  pugi::xml_document wb;
  std::string wb_xml = read_entry("xl/workbook.xml");
  if (!wb.load_buffer(wb_xml.data(), wb_xml.size())) fail("XML invalide", "workbook.xml");
  std::string p = element_prefix(wb.document_element().name());
  for (pugi::xml_node s : wb.document_element().child((p + "sheets").c_str()).children()) {
    std::string rid;
    for (pugi::xml_attribute a : s.attributes()) {
      std::string_view n = a.name();
      if (n.ends_with(":id")) rid = a.value();
    }
    for (const auto& [id, target] : targets) {
      if (id == rid) sheets_.push_back({s.attribute("name").value(), resolve_target(target)});
    }
  }
  if (sheets_.empty()) fail("le classeur ne contient aucune feuille");
  // Shared strings are optional (a workbook of numbers only has none).
  if (unzLocateFile(as_zip(zip_), "xl/sharedStrings.xml", 1) == UNZ_OK) {
    std::string sst_xml = read_entry("xl/sharedStrings.xml");
    pugi::xml_document sst;
    if (!sst.load_buffer(sst_xml.data(), sst_xml.size())) fail("XML invalide", "sharedStrings.xml");
    std::string sp = element_prefix(sst.document_element().name());
    const std::string si_tag = sp + "si";  // pugixml keeps the pointer: it must outlive the loop
    for (pugi::xml_node si : sst.document_element().children(si_tag.c_str())) {
      std::string s;
      collect_text(si, sp, s);
      shared_.push_back(std::move(s));
    }
  }
}

XlsxWorkbook::~XlsxWorkbook() {
  if (!zip_) return;
  if (sheet_open_) unzCloseCurrentFile(as_zip(zip_));
  unzClose(as_zip(zip_));
}

void XlsxWorkbook::fail(const std::string& reason, const std::string& entry) const {
  throw ImportError({file_, entry.empty() ? std::string() : "partie " + entry, {}}, reason);
}

void XlsxWorkbook::fail_at(int64_t row, const std::string& cell, const std::string& reason) const {
  throw ImportError({file_ + ", partie " + sheet_path_, Location::line(row), cell}, reason);
}

std::string XlsxWorkbook::read_entry(const std::string& name) {
  unzFile z = as_zip(zip_);
  if (unzLocateFile(z, name.c_str(), 1) != UNZ_OK) fail("partie absente du classeur", name);
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(z, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
      unzOpenCurrentFile(z) != UNZ_OK) {
    fail("partie illisible", name);
  }
  const std::string too_big =
      "partie de plus de " + mib(limits_.part_bytes) + " une fois décompressée (refusée)";
  if (info.uncompressed_size > limits_.part_bytes) {
    unzCloseCurrentFile(z);
    fail(too_big, name);
  }
  std::string out;
  char chunk[64 * 1024];
  int n;
  // The declared size may lie: count what inflating really gives.
  while ((n = unzReadCurrentFile(z, chunk, sizeof chunk)) > 0) {
    if (out.size() + static_cast<std::size_t>(n) > limits_.part_bytes) {
      unzCloseCurrentFile(z);
      fail(too_big, name);
    }
    out.append(chunk, n);
  }
  int closed = unzCloseCurrentFile(z);
  if (n < 0 || closed != UNZ_OK) fail("données compressées corrompues", name);
  return out;
}

void XlsxWorkbook::close_sheet() {
  if (sheet_open_) unzCloseCurrentFile(as_zip(zip_));
  sheet_open_ = false;
}

void XlsxWorkbook::open_sheet(std::size_t index) {
  close_sheet();
  sheet_path_ = sheets_.at(index).path;
  unzFile z = as_zip(zip_);
  if (unzLocateFile(z, sheet_path_.c_str(), 1) != UNZ_OK) fail("feuille absente", sheet_path_);
  unz_file_info64 info;
  if (unzGetCurrentFileInfo64(z, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
      unzOpenCurrentFile(z) != UNZ_OK) {
    fail("feuille illisible", sheet_path_);
  }
  sheet_open_ = true;
  if (info.uncompressed_size > limits_.sheet_bytes) {
    fail("feuille de plus de " + mib(limits_.sheet_bytes) + " une fois décompressée (refusée)",
         sheet_path_);
  }
  sheet_eof_ = false;
  sheet_size_ = info.uncompressed_size;
  buf_.clear();
  scan_ = 0;
  consumed_ = 0;
  last_row_ = 0;
  prefix_.clear();
  prefix_known_ = false;
}

bool XlsxWorkbook::fill() {
  if (sheet_eof_) return false;
  // Drop what was consumed before growing the buffer, so it stays about one chunk long.
  if (scan_ > 0) {
    consumed_ += scan_;
    buf_.erase(0, scan_);
    scan_ = 0;
  }
  char chunk[64 * 1024];
  int n = unzReadCurrentFile(as_zip(zip_), chunk, sizeof chunk);
  if (n < 0) fail("données compressées corrompues (archive tronquée ?)", sheet_path_);
  if (consumed_ + buf_.size() + static_cast<uint64_t>(n) > limits_.sheet_bytes) {
    fail("feuille de plus de " + mib(limits_.sheet_bytes) + " une fois décompressée (refusée)",
         sheet_path_);
  }
  if (n == 0) {
    sheet_eof_ = true;
    sheet_open_ = false;
    if (unzCloseCurrentFile(as_zip(zip_)) != UNZ_OK) {
      fail("données compressées corrompues (somme de contrôle fausse)", sheet_path_);
    }
    return false;
  }
  buf_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool XlsxWorkbook::next_row(std::vector<std::string>& cells, int64_t& row) {
  if (!prefix_known_) {
    // The prefix the sheet uses for its elements, from <sheetData> or <x:sheetData>.
    for (;;) {
      auto at = buf_.find("sheetData");
      if (at != std::string::npos && at > 0) {
        auto lt = buf_.rfind('<', at);
        if (lt != std::string::npos) {
          prefix_ = buf_.substr(lt + 1, at - lt - 1);
          prefix_known_ = true;
          break;
        }
      }
      if (buf_.size() > limits_.row_bytes) {
        fail("pas de données (<sheetData>) dans les premiers " + mib(limits_.row_bytes),
             sheet_path_);
      }
      if (!fill()) return false;
    }
  }
  const std::string open = "<" + prefix_ + "row";
  const std::string close = "</" + prefix_ + "row>";
  const std::string data_end = "</" + prefix_ + "sheetData>";
  for (;;) {
    std::size_t start = buf_.find(open, scan_);
    while (start != std::string::npos && start + open.size() < buf_.size() &&
           !std::strchr(" \t\r\n>/", buf_[start + open.size()])) {
      start = buf_.find(open, start + 1);  // <rowBreaks …> and the like
    }
    // Rows come before </sheetData>: look for the end only when no row start is in sight.
    if (start == std::string::npos && buf_.find(data_end, scan_) != std::string::npos) return false;
    if (start != std::string::npos && start + open.size() < buf_.size()) {
      std::size_t tag_end = buf_.find('>', start);
      std::size_t end = std::string::npos;
      if (tag_end != std::string::npos && buf_[tag_end - 1] == '/') {
        end = tag_end + 1;  // <row r="5"/>: an empty row
      } else if (tag_end != std::string::npos) {
        std::size_t c = buf_.find(close, tag_end);
        if (c != std::string::npos) end = c + close.size();
      }
      if (end != std::string::npos) {
        parse_row(std::string_view(buf_).substr(start, end - start), cells, row);
        scan_ = end;
        if (!cells.empty()) return true;
        continue;
      }
      scan_ = start;  // keep the partial row and read more
      if (buf_.size() - scan_ > limits_.row_bytes) {
        fail_at(last_row_ + 1, {},
                "ligne de plus de " + mib(limits_.row_bytes) + " de XML (refusée)");
      }
    } else if (start == std::string::npos) {
      scan_ = buf_.size() > open.size() ? buf_.size() - open.size() : 0;
    }
    if (!fill()) {
      if (sheet_eof_ && buf_.find(open, scan_) != std::string::npos) {
        fail("ligne XML incomplète (feuille tronquée)", sheet_path_);
      }
      return false;
    }
  }
}

void XlsxWorkbook::parse_row(std::string_view xml, std::vector<std::string>& cells, int64_t& row) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) {
    fail("XML invalide après la ligne " + std::to_string(last_row_), sheet_path_);
  }
  pugi::xml_node r = doc.first_child();
  row = r.attribute("r").as_llong(last_row_ + 1);
  last_row_ = row;
  cells.clear();
  const std::string c_tag = prefix_ + "c", v_tag = prefix_ + "v", is_tag = prefix_ + "is";
  bool any = false;
  for (pugi::xml_node c : r.children(c_tag.c_str())) {
    const char* ref = c.attribute("r").value();
    int col = column_of(ref);
    if (col < 0) col = static_cast<int>(cells.size());
    if (col >= kColumns) {
      fail_at(row, ref, "colonne au-delà de la dernière colonne d'Excel (XFD)");
    }
    std::string_view type = c.attribute("t").value();
    std::string value;
    if (type == "s") {
      std::size_t i = c.child(v_tag.c_str()).text().as_ullong(shared_.size());
      if (i >= shared_.size()) {
        fail("chaîne partagée inexistante à la ligne " + std::to_string(row), sheet_path_);
      }
      value = shared_[i];
    } else if (type == "inlineStr") {
      collect_text(c.child(is_tag.c_str()), prefix_, value);
    } else {
      value = c.child(v_tag.c_str()).text().get();
    }
    if (static_cast<std::size_t>(col) >= cells.size()) cells.resize(col + 1);
    if (!value.empty()) any = true;
    cells[col] = std::move(value);
  }
  if (!any) cells.clear();
}

XlsxTable::XlsxTable(const std::string& path, const TableOptions& options)
    : TableReader(base_name(path), options.progress, options.doubled_apostrophes), book_(path) {
  std::set<std::string> wanted;
  for (const auto& c : options.sheet_columns) wanted.insert(normalize_header(c));
  for (std::size_t i = 0; i < book_.sheets().size(); ++i) {
    book_.open_sheet(i);
    std::vector<std::string> first;
    int64_t row = 0;
    if (!book_.next_row(first, row)) continue;
    std::set<std::string> have;
    for (const auto& h : first) have.insert(normalize_header(h));
    if (std::includes(have.begin(), have.end(), wanted.begin(), wanted.end())) {
      header_ = std::move(first);
      line_ = row;
      header_pending_ = true;
      file_ = book_.file() + ", feuille « " + book_.sheets()[i].name + " »";
      read_header();
      return;
    }
  }
  std::string list;
  for (const auto& c : options.sheet_columns) list += (list.empty() ? "" : ", ") + c;
  throw ImportError({book_.file(), {}, {}},
                    "aucune feuille n'a les colonnes attendues (" + list + ")");
}

bool XlsxTable::read_row(std::vector<std::string>& cells, int64_t& line) {
  if (header_pending_) {
    header_pending_ = false;
    cells = header_;
    return true;
  }
  return book_.next_row(cells, line);
}

}  // namespace jalon::referentials
