// The synthesis note outside the browser: one standalone HTML document (the same template as the
// printable page, its CSS inline) printed to PDF by Debian's Chromium in headless mode (selectable
// text, vector SVG charts), and converted to DOCX by pandoc (charts as PNG at their size with the
// SVG beside them, see docx_charts.h; tables as Word tables). Both run as child processes with a
// time limit, in a private temporary directory.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>

#include "core/result.h"
#include "territorial/notes.h"
#include "ui/render.h"

namespace jalon::territorial {

// What the note templates read: {title, territory, version, saved_on, sections: [{code, title,
// paragraphs, figures: [{title, source, svg|image, note, headers, rows}]}]}.
nlohmann::json note_context(const Note& note, bool images_as_files);
// One figure as territorial/figure.mustache reads it; `image` replaces the inline SVG (DOCX).
nlohmann::json figure_view(const Figure& f, const std::string& image = {});

Result<std::string> note_pdf(const ui::Renderer& renderer, const Note& note);
Result<std::string> note_docx(const ui::Renderer& renderer, const Note& note);

}  // namespace jalon::territorial
