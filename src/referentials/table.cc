#include "referentials/table.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"
#include "referentials/csv.h"
#include "referentials/xlsx.h"

namespace jalon::referentials {

std::string normalize_header(std::string_view name) {
  std::string folded = text::fold(name);
  std::string out;
  for (char ch : folded) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out += ch;
  }
  return out;
}

TableReader::TableReader(std::string file, Progress* progress, bool doubled_apostrophes)
    : file_(std::move(file)), progress_(progress), doubled_apostrophes_(doubled_apostrophes) {}

void TableReader::read_header() {
  if (progress_) progress_->begin(file_, size());
  if (!read_row(header_, line_)) throw ImportError({file_, {}, {}}, "fichier vide (pas d'en-tête)");
  for (auto& h : header_) {
    if (!text::valid_utf8(h)) fail("en-tête qui n'est pas de l'UTF-8 valide");
    h = text::trim(h);
  }
}

bool TableReader::next() {
  if (ended_) return false;
  // A row whose every field is empty (",,,," at the end of an export) is a blank line.
  auto blank = [&] {
    return std::all_of(cells_.begin(), cells_.end(),
                       [](const std::string& c) { return c.empty(); });
  };
  do {
    if (!read_row(cells_, line_)) {
      ended_ = true;
      if (progress_) progress_->end();
      return false;
    }
  } while (blank());
  check_row();
  ++rows_;
  if (progress_ && (rows_ & 511) == 0) progress_->update(position());
  return true;
}

std::optional<Column> TableReader::find_column(
    std::initializer_list<std::string_view> names) const {
  for (std::string_view want : names) {
    std::string n = normalize_header(want);
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (normalize_header(header_[i]) == n) return Column{i, header_[i]};
    }
  }
  return std::nullopt;
}

Column TableReader::column(std::initializer_list<std::string_view> names) const {
  if (auto c = find_column(names)) return *c;
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "« " : " ou « ") + std::string(n) + " »";
  throw ImportError({file_, Location::line(1), {}}, "colonne manquante : " + list);
}

Column TableReader::column_where(std::string_view description,
                                 const std::function<bool(std::string_view)>& match) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (match(normalize_header(header_[i]))) return Column{i, header_[i]};
  }
  throw ImportError({file_, Location::line(1), {}},
                    "colonne manquante : " + std::string(description));
}

std::string_view TableReader::raw(const Column& c) const {
  return c.index < cells_.size() ? std::string_view(cells_[c.index]) : std::string_view();
}

std::string TableReader::text(const Column& c) const {
  std::string_view v = raw(c);
  if (!text::valid_utf8(v)) {
    fail(c,
         "texte qui n'est pas de l'UTF-8 valide (fichier enregistré dans un autre encodage, "
         "ISO-8859-1 par exemple ?)");
  }
  std::string s = text::trim(v);
  if (doubled_apostrophes_) {
    for (std::size_t p = s.find("''"); p != std::string::npos; p = s.find("''", p + 1)) {
      s.erase(p, 1);
    }
  }
  return s;
}

std::string TableReader::required(const Column& c) const {
  std::string s = text(c);
  if (s.empty()) fail(c, "valeur vide");
  return s;
}

std::optional<int64_t> TableReader::optional_integer(const Column& c) const {
  std::string s = text(c);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    fail(c, "« " + s + " » n'est pas un nombre entier");
  }
  return v;
}

int64_t TableReader::integer(const Column& c) const {
  auto v = optional_integer(c);
  if (!v) fail(c, "nombre entier attendu, valeur vide");
  return *v;
}

double TableReader::decimal(const Column& c) const {
  std::string s = required(c);
  std::string dotted = s;
  if (dotted.find('.') == std::string::npos) {
    for (char& ch : dotted) {
      if (ch == ',') ch = '.';
    }
  }
  double v = 0;
  auto [p, ec] = std::from_chars(dotted.data(), dotted.data() + dotted.size(), v);
  if (ec != std::errc() || p != dotted.data() + dotted.size()) {
    fail(c, "« " + s + " » n'est pas un nombre décimal");
  }
  return v;
}

void TableReader::check_width(const std::string& hint) const {
  if (cells_.size() != header_.size()) {
    fail(std::to_string(cells_.size()) + " champs au lieu de " + std::to_string(header_.size()) +
         hint);
  }
}

Location TableReader::where(const Column* c) const {
  return {file_, Location::line(line_), c ? c->name : std::string()};
}

void TableReader::fail(const Column& c, const std::string& reason) const {
  throw ImportError(where(&c), reason);
}

void TableReader::fail(const std::string& reason) const {
  throw ImportError(where(), reason);
}

TextTable::TextTable(const std::string& path, Encoding encoding, Progress* progress,
                     bool doubled_apostrophes)
    : TableReader(base_name(path), progress, doubled_apostrophes), source_(path, encoding) {}

std::unique_ptr<TableReader> open_table(const std::string& path, const TableOptions& options) {
  if (path.ends_with(".xlsx") || path.ends_with(".XLSX")) {
    return std::make_unique<XlsxTable>(path, options);
  }
  return std::make_unique<CsvTable>(path, options);
}

}  // namespace jalon::referentials
