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
                      const std::vector<std::string>& categories, const std::vector<Series>& series);

// XML-escapes text for SVG.
std::string xml_escape(const std::string& s);

}  // namespace jalon::ui
