#include "ui/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jalon::ui {
namespace {
// Two series colours with AA contrast against white and each other (blue, orange).
const char* kColours[] = {"#1f4e99", "#a84300", "#1a7540", "#6a2c91"};
}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string bar_chart(const std::string& title, const std::string& source,
                      const std::vector<std::string>& categories,
                      const std::vector<Series>& series) {
  const int label_w = 230, bar_area = 360, bar_h = 14, gap = 10, top = 46;
  const int group_h = static_cast<int>(series.size()) * bar_h + gap;
  const int legend_h = 24;
  const int height = top + static_cast<int>(categories.size()) * group_h + legend_h + 30;
  const int width = label_w + bar_area + 60;
  double max = 1;
  for (const auto& s : series) {
    for (double v : s.values) max = std::max(max, v);
  }
  char buf[512];
  std::string svg;
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
                "role=\"img\" aria-label=\"%s (données dans le tableau ci-dessous)\" "
                "font-family=\"sans-serif\" font-size=\"12\">",
                width, height, xml_escape(title).c_str());
  svg += buf;
  svg += "<title>" + xml_escape(title) + "</title>";
  std::snprintf(buf, sizeof buf, "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#1b1b1f\">%s</text>",
                xml_escape(title).c_str());
  svg += buf;
  for (size_t c = 0; c < categories.size(); ++c) {
    int y0 = top + static_cast<int>(c) * group_h;
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1b1f\">%s</text>",
                  label_w - 8, y0 + group_h / 2, xml_escape(categories[c]).c_str());
    svg += buf;
    for (size_t s = 0; s < series.size(); ++s) {
      double v = c < series[s].values.size() ? series[s].values[c] : 0;
      int w = static_cast<int>(std::lround(v / max * bar_area));
      int y = y0 + static_cast<int>(s) * bar_h;
      std::snprintf(buf, sizeof buf,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                    "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1f\">%g</text>",
                    label_w, y, std::max(w, 1), bar_h - 2, kColours[s % 4], label_w + w + 4,
                    y + bar_h - 4, v);
      svg += buf;
    }
  }
  int ly = height - legend_h - 8;
  int lx = label_w;
  for (size_t s = 0; s < series.size(); ++s) {
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1f\">%s</text>",
                  lx, ly, kColours[s % 4], lx + 16, ly + 11, xml_escape(series[s].name).c_str());
    svg += buf;
    lx += 200;
  }
  std::snprintf(buf, sizeof buf, "<text x=\"0\" y=\"%d\" font-size=\"11\" fill=\"#595961\">Source : %s</text>",
                height - 6, xml_escape(source).c_str());
  svg += buf;
  svg += "</svg>";
  return svg;
}

}  // namespace jalon::ui
