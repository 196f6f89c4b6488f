// Charts in a DOCX that Word and LibreOffice both show (issue 11 §4). pandoc declares an SVG image
// with zero width (it cannot size an SVG), so each chart goes to pandoc as a PNG rendered by
// rsvg-convert (Debian's librsvg2-bin) at twice the chart's size, 192 dpi recorded in the PNG so
// that its real size is the chart's own (viewBox units at 96 dpi); pandoc then writes the drawing's
// cx/cy from it, fitted to the page. Afterwards the SVG is added back beside each PNG as the
// Office 2016 "svgBlip" extension: Word draws the vector chart, other readers the PNG fallback.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace jalon::territorial {

// The chart's size in CSS pixels, from its viewBox ("0 0 650 300"); {0, 0} when it has none.
std::pair<int, int> svg_size(const std::string& svg);

// A PNG of the chart at twice its size, its pHYs chunk saying 192 dpi; unavailable when
// rsvg-convert is missing or fails.
Result<std::string> svg_to_png(const std::string& svg);

// The DOCX with, for each image part whose bytes are one of `charts`' PNGs, that chart's SVG
// added as the picture's svgBlip (the PNG stays as the fallback). `charts`: {png, svg}.
Result<std::string> add_svg_to_docx(const std::string& docx,
                                    const std::vector<std::pair<std::string, std::string>>& charts);

}  // namespace jalon::territorial
