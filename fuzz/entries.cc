#include "fuzz/entries.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/dates.h"
#include "http/forms.h"
#include "http/server.h"
#include "referentials/csv.h"
#include "referentials/import_error.h"
#include "referentials/json_array.h"
#include "referentials/pg_dump.h"
#include "referentials/progress.h"
#include "referentials/sas_format.h"
#include "referentials/xlsx.h"
#include "ui/template.h"

namespace jalon::fuzz {
namespace {

using namespace jalon::referentials;

// The readers take a path: the input goes to one scratch file per process and extension.
std::string scratch(const uint8_t* data, size_t size, const char* ext) {
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("jalon-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  std::string path = dir + "/input" + ext;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"csv", csv},
                                          {"json_array", json_array},
                                          {"xlsx", xlsx},
                                          {"sas_format", sas_format},
                                          {"pg_dump", pg_dump},
                                          {"forms", forms},
                                          {"multipart", multipart},
                                          {"mustache", mustache},
                                          {"dates", dates}};
  return all;
}

void csv(const uint8_t* data, size_t size) {
  if (size == 0) return;
  TableOptions options;
  options.separator = data[0] == ';' || data[0] == '\t' || data[0] == '|' ? char(data[0]) : ',';
  options.encoding = (data[0] & 1) ? Encoding::kWindows1252 : Encoding::kUtf8;
  try {
    CsvTable table(scratch(data + 1, size - 1, ".csv"), options);
    while (table.next()) {
      for (size_t i = 0; i < table.header().size(); ++i) {
        Column c{i, table.header()[i]};
        table.text(c);
        table.optional_integer(c);
      }
    }
  } catch (const ImportError&) {
  }
}

void json_array(const uint8_t* data, size_t size) {
  NullProgress progress;
  try {
    for_each_json_object(scratch(data, size, ".json"), progress, [](const JsonElement& e) {
      e.text("code");
      e.strings("themes");
      for (const auto& o : e.objects("items")) o.text("label");
    });
  } catch (const ImportError&) {
  }
}

void xlsx(const uint8_t* data, size_t size) {
  try {
    XlsxWorkbook book(scratch(data, size, ".xlsx"), {.sheet_bytes = 1 << 22});
    std::vector<std::string> cells;
    int64_t row = 0;
    for (size_t s = 0; s < book.sheets().size(); ++s) {
      book.open_sheet(s);
      while (book.next_row(cells, row)) {
      }
    }
  } catch (const ImportError&) {
  }
}

void sas_format(const uint8_t* data, size_t size) {
  try {
    read_sas_formats(scratch(data, size, ".txt"), Encoding::kWindows1252);
  } catch (const ImportError&) {
  }
}

void pg_dump(const uint8_t* data, size_t size) {
  unescape_copy_field(text_of(data, size));
  try {
    CopyTable table(scratch(data, size, ".sql"), "public.jobs_rome", nullptr);
    while (table.next()) {
      for (size_t i = 0; i < table.header().size(); ++i) table.text(Column{i, table.header()[i]});
    }
  } catch (const ImportError&) {
  }
}

void forms(const uint8_t* data, size_t size) {
  auto s = text_of(data, size);
  http::parse_urlencoded(s);
  http::parse_cookies(s);
  http::percent_decode(s, true);
  http::percent_encode(s);
  http::safe_return_path(s);
}

void multipart(const uint8_t* data, size_t size) {
  auto s = text_of(data, size);
  auto eol = s.find('\n');
  if (eol == std::string_view::npos) return;
  http::Request req;
  std::string problem;
  http::parse_multipart(s.substr(eol + 1), s.substr(0, eol), req, 20, problem);
}

void mustache(const uint8_t* data, size_t size) {
  try {
    ui::Template t(text_of(data, size));
    nlohmann::json ctx = {{"name", "<Zoé & \"Léo\">"},
                          {"items", {{{"label", "a"}}, {{"label", "b"}}}},
                          {"flag", true},
                          {"empty", nlohmann::json::array()},
                          {"nested", {{"x", {{"y", 1}}}}}};
    std::string out;
    t.render(ctx, out);
  } catch (const std::runtime_error&) {  // an unclosed tag or section, with its position
  }
}

void dates(const uint8_t* data, size_t size) {
  auto s = text_of(data, size);
  if (auto d = jalon::dates::parse_iso_date(s, "date"); d.ok()) jalon::dates::iso(*d);
  (void)jalon::dates::parse_rfc3339(s, "at");
}

}  // namespace jalon::fuzz
