// What the territory diagnosis shows, from the indicators: figures (a title, a source line
// naming the data set and its vintage, an SVG chart when one helps, and the data table that
// carries the same numbers for screen readers and exports), the rules-based first draft of
// strengths and weaknesses, and the JSON of the indicators for the API. One source for the
// dashboard, the note editor, the printable note, the PDF and the DOCX.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "territorial/indicators.h"

namespace jalon::territorial {

struct Figure {
  std::string key;      // stable: "bmo_synthese", "bmo_top_volume" …
  std::string section;  // the note section it belongs to by default
  std::string title, source, svg, note;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

std::vector<Figure> figures(const Indicators& in);
nlohmann::json figure_json(const Figure& f);
Figure figure_from_json(const nlohmann::json& j);

struct Finding {
  bool strength = false;  // false: weakness or point of attention
  std::string text;
};
// The first draft: each rule reads the figures and writes one sentence with the numbers.
std::vector<Finding> findings(const Indicators& in);

nlohmann::json indicators_json(const Indicators& in);

// "12 345", "12,3 %" — French formatting.
std::string fr_int(int64_t n);
std::string fr_percent(double share);
// A BMO share: "57,0 %", or "au moins 30,5 % ; 110 cellules non publiées" when unpublished
// cells of the kind count as 0 in it (a lower bound, see indicators.h).
std::string fr_share(double share, int64_t unpublished);
// The same without the count, for prose: "au moins 30,5 %".
std::string fr_share_short(double share, int64_t unpublished);

struct NoteSection {
  std::string_view code, title;
};
// The note's sections, in order: contexte, marche, public, acteurs, forces, actions.
const std::vector<NoteSection>& note_sections();

}  // namespace jalon::territorial
