#include "ui/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace jalon::ui {
namespace {
// Two series colours with AA contrast against white and each other (blue, orange).
const char* kColours[] = {"#1f4e99", "#a84300", "#1a7540", "#6a2c91"};
}  // namespace

std::string fr_number(double v) {
  if (!std::isfinite(v)) return "—";
  double rounded = std::round(v * 10) / 10;
  if (rounded == std::trunc(rounded)) return text::group_thousands(static_cast<int64_t>(rounded));
  // One decimal, a decimal comma, thousands grouped like the integers.
  int64_t whole = static_cast<int64_t>(std::trunc(rounded));
  int tenth = static_cast<int>(std::lround(std::fabs(rounded - static_cast<double>(whole)) * 10));
  std::string sign = rounded < 0 && whole == 0 ? "-" : "";
  return sign + text::group_thousands(whole) + "," + std::to_string(tenth);
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
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
  std::snprintf(
      buf, sizeof buf,
      "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#1b1b1f\">%s</text>",
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
                    "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1f\">%s</text>",
                    label_w, y, std::max(w, 1), bar_h - 2, kColours[s % 4], label_w + w + 4,
                    y + bar_h - 4, fr_number(v).c_str());
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
  std::snprintf(buf, sizeof buf,
                "<text x=\"0\" y=\"%d\" font-size=\"11\" fill=\"#595961\">Source : %s</text>",
                height - 6, xml_escape(source).c_str());
  svg += buf;
  svg += "</svg>";
  return svg;
}

}  // namespace jalon::ui

namespace jalon::ui {
namespace {

// Eight categorical colours, each with ≥ 3:1 contrast against white (WCAG 1.4.11).
const char* kPalette[] = {"#1f4e99", "#a84300", "#1a7540", "#6a2c91",
                          "#8a6d00", "#b3261e", "#006d77", "#595961"};

std::string svg_open(int width, int height, const std::string& title) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
                "role=\"img\" aria-label=\"%s (données dans le tableau ci-dessous)\" "
                "font-family=\"sans-serif\" font-size=\"12\"><title>%s</title>"
                "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#1b1b1f\">%s"
                "</text>",
                width, height, xml_escape(title).c_str(), xml_escape(title).c_str(),
                xml_escape(title).c_str());
  return buf;
}

std::string svg_close(int height, const std::string& source) {
  return "<text x=\"0\" y=\"" + std::to_string(height - 6) +
         "\" font-size=\"11\" fill=\"#595961\">Source : " + xml_escape(source) + "</text></svg>";
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", share * 100);
  return buf;
}

}  // namespace

std::string stacked_bar_chart(const std::string& title, const std::string& source,
                              const std::vector<std::string>& categories,
                              const std::vector<Series>& series) {
  const int label_w = 170, bar_area = 420, bar_h = 22, gap = 12, top = 40;
  const int legend_rows = static_cast<int>((series.size() + 1) / 2);
  const int height =
      top + static_cast<int>(categories.size()) * (bar_h + gap) + legend_rows * 18 + 36;
  std::string svg = svg_open(label_w + bar_area + 20, height, title);
  char buf[512];
  for (size_t c = 0; c < categories.size(); ++c) {
    int y = top + static_cast<int>(c) * (bar_h + gap);
    double total = 0;
    for (const auto& s : series) total += c < s.values.size() ? s.values[c] : 0;
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1b1f\">%s</text>",
                  label_w - 8, y + bar_h / 2 + 4, xml_escape(categories[c]).c_str());
    svg += buf;
    double x = label_w;
    for (size_t s = 0; s < series.size(); ++s) {
      double v = c < series[s].values.size() ? series[s].values[c] : 0;
      double w = total > 0 ? v / total * bar_area : 0;
      std::snprintf(buf, sizeof buf,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                    "stroke=\"#fff\" stroke-width=\"0.5\"><title>%s : %s</title></rect>",
                    x, y, w, bar_h, kPalette[s % 8], xml_escape(series[s].name).c_str(),
                    percent(total > 0 ? v / total : 0).c_str());
      svg += buf;
      if (w >= 34) {
        std::snprintf(buf, sizeof buf,
                      "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\" font-size=\"11\">%s</text>", x + 4,
                      y + bar_h / 2 + 4, percent(v / total).c_str());
        svg += buf;
      }
      x += w;
    }
  }
  int ly = top + static_cast<int>(categories.size()) * (bar_h + gap) + 4;
  for (size_t s = 0; s < series.size(); ++s) {
    int lx = static_cast<int>(s % 2) * 300;
    int y = ly + static_cast<int>(s / 2) * 18;
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1f\" font-size=\"11\">%s</text>",
                  lx, y, kPalette[s % 8], lx + 16, y + 10, xml_escape(series[s].name).c_str());
    svg += buf;
  }
  return svg + svg_close(height, source);
}

std::string donut_chart(const std::string& title, const std::string& source,
                        const std::vector<Slice>& slices) {
  const double cx = 110, cy = 140, r = 90, inner = 52;
  const int height = std::max(260, 50 + static_cast<int>(slices.size()) * 20 + 30);
  std::string svg = svg_open(560, height, title);
  double total = 0;
  for (const auto& s : slices) total += s.value;
  char buf[640];
  double angle = -M_PI / 2;
  for (size_t i = 0; i < slices.size(); ++i) {
    double share = total > 0 ? slices[i].value / total : 0;
    if (share <= 0) continue;
    double sweep = std::min(share, 0.9999) * 2 * M_PI;
    double a0 = angle, a1 = angle + sweep;
    int large = sweep > M_PI ? 1 : 0;
    std::snprintf(buf, sizeof buf,
                  "<path d=\"M %.2f %.2f A %.2f %.2f 0 %d 1 %.2f %.2f L %.2f %.2f A %.2f %.2f 0 %d "
                  "0 %.2f %.2f Z\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"><title>%s : "
                  "%s</title></path>",
                  cx + r * std::cos(a0), cy + r * std::sin(a0), r, r, large, cx + r * std::cos(a1),
                  cy + r * std::sin(a1), cx + inner * std::cos(a1), cy + inner * std::sin(a1),
                  inner, inner, large, cx + inner * std::cos(a0), cy + inner * std::sin(a0),
                  kPalette[i % 8], xml_escape(slices[i].label).c_str(), percent(share).c_str());
    svg += buf;
    angle = a1;
  }
  std::snprintf(buf, sizeof buf,
                "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"18\" "
                "font-weight=\"bold\" fill=\"#1b1b1f\">%s</text>",
                cx, cy + 6, fr_number(total).c_str());
  svg += buf;
  for (size_t i = 0; i < slices.size(); ++i) {
    int y = 50 + static_cast<int>(i) * 20;
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"240\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  "<text x=\"258\" y=\"%d\" fill=\"#1b1b1f\">%s — %s (%s)</text>",
                  y, kPalette[i % 8], y + 10, xml_escape(slices[i].label).c_str(),
                  fr_number(slices[i].value).c_str(),
                  percent(total > 0 ? slices[i].value / total : 0).c_str());
    svg += buf;
  }
  return svg + svg_close(height, source);
}

std::string symbol_map(const std::string& title, const std::string& source,
                       const std::vector<MapPoint>& points, const std::string& legend_value,
                       const std::string& legend_highlight) {
  const int width = 600, height = 440, top = 34, pad = 40, map_h = height - top - 70;
  std::string svg = svg_open(width, height, title);
  if (points.empty()) return svg + svg_close(height, source);
  double lat0 = points[0].latitude, lat1 = lat0, lon0 = points[0].longitude, lon1 = lon0;
  double vmax = 0;
  for (const auto& p : points) {
    lat0 = std::min(lat0, p.latitude);
    lat1 = std::max(lat1, p.latitude);
    lon0 = std::min(lon0, p.longitude);
    lon1 = std::max(lon1, p.longitude);
    vmax = std::max(vmax, p.value);
  }
  // Equirectangular, longitudes shrunk by cos(mean latitude); one scale for both axes.
  double k = std::cos((lat0 + lat1) / 2 * M_PI / 180);
  double span_x = std::max((lon1 - lon0) * k, 0.02), span_y = std::max(lat1 - lat0, 0.02);
  double scale = std::min((width - 2 * pad) / span_x, map_h / span_y);
  double ox = (width - span_x * scale) / 2, oy = top + (map_h - span_y * scale) / 2 + 10;
  auto px = [&](const MapPoint& p) { return ox + (p.longitude - lon0) * k * scale; };
  auto py = [&](const MapPoint& p) { return oy + (lat1 - p.latitude) * scale; };
  char buf[640];
  std::snprintf(buf, sizeof buf,
                "<rect x=\"1\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f6f8\" "
                "stroke=\"#c9c9d1\"/>",
                top, width - 2, map_h + 20);
  svg += buf;
  // Larger circles first, so small ones stay visible on top.
  std::vector<const MapPoint*> order;
  for (const auto& p : points) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(),
                   [](const MapPoint* a, const MapPoint* b) { return a->value > b->value; });
  int labelled = 0;
  for (const auto* p : order) {
    double x = px(*p), y = py(*p);
    if (p->highlight) {
      std::snprintf(buf, sizeof buf,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#a84300\">"
                    "<title>%s</title></rect>",
                    x - 5, y - 5, xml_escape(p->label).c_str());
    } else {
      double r = vmax > 0 ? 3 + 22 * std::sqrt(p->value / vmax) : 3;
      std::snprintf(buf, sizeof buf,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#1f4e99\" "
                    "fill-opacity=\"0.55\" stroke=\"#1f4e99\"><title>%s : %s</title></circle>",
                    x, y, r, xml_escape(p->label).c_str(), fr_number(p->value).c_str());
    }
    svg += buf;
    if (p->highlight || labelled < 6) {
      if (!p->highlight) ++labelled;
      std::snprintf(buf, sizeof buf,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#1b1b1f\">%s</text>",
                    x + 8, y - 6, xml_escape(p->label).c_str());
      svg += buf;
    }
  }
  int ly = top + map_h + 30;
  std::snprintf(buf, sizeof buf,
                "<circle cx=\"8\" cy=\"%d\" r=\"6\" fill=\"#1f4e99\" fill-opacity=\"0.55\" "
                "stroke=\"#1f4e99\"/><text x=\"20\" y=\"%d\" fill=\"#1b1b1f\">%s</text>"
                "<rect x=\"300\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#a84300\"/>"
                "<text x=\"316\" y=\"%d\" fill=\"#1b1b1f\">%s</text>",
                ly, ly + 4, xml_escape(legend_value).c_str(), ly - 5, ly + 4,
                xml_escape(legend_highlight).c_str());
  svg += buf;
  return svg + svg_close(height, source);
}

}  // namespace jalon::ui
