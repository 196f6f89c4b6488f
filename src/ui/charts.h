// Server-side SVG charts: the same chart on screen, in print, PDF and DOCX. Each chart has a
// title and a source line; the page puts the data table beside it for screen readers, so the
// SVG itself is role="img" with a summary label.
#pragma once
#include <string>
#include <vector>

namespace jalon::ui {

struct Series {
  std::string name;
  std::vector<double> values;  // one per category
};

// Horizontal grouped bars: one group per category, one bar per series.
std::string bar_chart(const std::string& title, const std::string& source,
                      const std::vector<std::string>& categories,
                      const std::vector<Series>& series);

// Horizontal 100 % stacked bars: one bar per category, one segment per series (values are
// shares or counts; each bar is scaled to its own total).
std::string stacked_bar_chart(const std::string& title, const std::string& source,
                              const std::vector<std::string>& categories,
                              const std::vector<Series>& series);

struct Slice {
  std::string label;
  double value = 0;
};

// A donut with its legend (label and share of the total).
std::string donut_chart(const std::string& title, const std::string& source,
                        const std::vector<Slice>& slices);

struct MapPoint {
  std::string label;
  double latitude = 0, longitude = 0;
  double value = 0;        // circle area is proportional to it
  bool highlight = false;  // drawn as a square (e.g. recruiting towns)
};

// Proportional symbols on an equirectangular projection fitted to the points (commune
// centroids), labels beside the largest ones.
std::string symbol_map(const std::string& title, const std::string& source,
                       const std::vector<MapPoint>& points, const std::string& legend_value,
                       const std::string& legend_highlight);

// A number as the charts print it, French style: "21 847", "75,1" (one decimal at most, decimal
// comma, thousands grouped by text::group_thousands), never "75.1" or "1e+05".
std::string fr_number(double v);

// XML-escapes text for SVG.
std::string xml_escape(const std::string& s);

}  // namespace jalon::ui
