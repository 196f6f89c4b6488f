#include "territorial/export.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "core/dates.h"
#include "territorial/docx_charts.h"
#include "ui/pdf.h"

namespace jalon::territorial {
namespace {

using nlohmann::json;

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

}  // namespace

json figure_view(const Figure& f, const std::string& image) {
  json rows = json::array();
  for (const auto& r : f.rows) rows.push_back({{"cells", r}});
  json fj = {{"key", f.key},
             {"section", f.section},
             {"title", f.title},
             {"source", f.source},
             {"note", f.note},
             {"headers", f.headers},
             {"rows", rows},
             {"has_rows", !f.rows.empty()},
             {"svg", ""},
             {"image", ""},
             {"has_svg", false},
             {"has_image", false},
             {"has_note", !f.note.empty()}};
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
      if (images_as_files && !f.svg.empty()) image = "figure-" + std::to_string(++n) + ".png";
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
          {"outdated_method", note.outdated_method()},
          {"saved_on", dates::french(dates::local_date(note.saved_at))},
          {"sections", sections}};
}

Result<std::string> note_pdf(const ui::Renderer& renderer, const Note& note) {
  json ctx = note_context(note, false);
  return ui::html_to_pdf(renderer.render("territorial/note_document", ctx));
}

Result<std::string> note_docx(const ui::Renderer& renderer, const Note& note) {
  json ctx = note_context(note, true);
  ctx["for_docx"] = true;
  // The charts as PNG files beside the document, in the order note_context numbered them (pandoc
  // sizes a PNG, not an SVG); their SVGs are added back to the DOCX as the vector versions.
  std::map<std::string, const Figure*> by_key;
  for (const auto& f : note.figures) by_key[f.key] = &f;
  std::vector<std::pair<std::string, std::string>> files, charts;
  for (const auto& s : note.sections) {
    for (const auto& key : s.figures) {
      auto it = by_key.find(key);
      if (it == by_key.end() || it->second->svg.empty()) continue;
      auto png = svg_to_png(it->second->svg);
      if (!png) return png.error();
      files.emplace_back("figure-" + std::to_string(files.size() + 1) + ".png", *png);
      charts.emplace_back(*png, it->second->svg);
    }
  }
  auto docx = ui::html_to_docx(renderer.render("territorial/note_document", ctx), files);
  if (!docx) return docx.error();
  return add_svg_to_docx(*docx, charts);
}

}  // namespace jalon::territorial
