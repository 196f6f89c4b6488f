// Documents out of HTML: PDF printed by Debian's Chromium in headless mode (selectable text,
// vector SVG), DOCX converted by pandoc (extra files such as SVG charts beside the HTML). Each
// runs as a child process (posix_spawn, no shell) with a time limit, in a private temporary
// directory removed afterwards. The HTML must be standalone (CSS inline).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace jalon::ui {

Result<std::string> html_to_pdf(const std::string& html);
// `files`: name and bytes of files the HTML refers to (images), written beside it.
Result<std::string> html_to_docx(const std::string& html,
                                 const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace jalon::ui
