// Synthesis notes on a territory: six sections (note_sections()), each with free text and the
// generated figures the counselor keeps; every save is a new version, older versions stay
// readable. A note starts from a draft written from the figures (context, labour market, public,
// and the strengths and weaknesses found by the rules), which the counselor edits.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"
#include "territorial/figures.h"

namespace jalon::territorial {

struct SectionContent {
  std::string code, title, text;
  std::vector<std::string> figures;  // kept figure keys, in display order
};

struct NoteVersionInfo {
  int version = 0;
  Millis saved_at = 0;
  std::string saved_by;  // display name
};

struct Note {
  std::string id, structure_id, territory_id, territory_name, title;
  int version = 0;          // the version shown
  int current_version = 0;  // the latest
  Millis saved_at = 0;
  std::vector<SectionContent> sections;
  std::vector<Figure> figures;  // every figure of the snapshot, kept or not
  std::vector<NoteVersionInfo> versions;
  // How the shown version's figures were computed (kFigureMethod when they were); 1 for the
  // versions saved before the method was recorded.
  int method = kFigureMethod;
  bool outdated_method() const { return method < kFigureMethod; }
};

struct NoteSummary {
  std::string id, title;
  int version = 0;
  Millis updated_at = 0;
};

struct NoteEdit {
  std::string title;
  std::map<std::string, std::string> texts;           // section code -> text
  std::map<std::string, std::set<std::string>> kept;  // section code -> figure keys
  bool refresh_figures = false;  // recompute the figures from today's data (and current method)
  // With refresh_figures: also rewrite, from the new figures, the sections whose draft carries
  // BMO numbers (marche, forces) — a version recomputed after a method correction.
  bool redraft_figure_texts = false;
  int base_version = 0;  // the version the edit started from (concurrent edits: 409)
};

class NoteService {
 public:
  NoteService(store::Database& db, const Clock& clock, Random& rng)
      : db_(db), clock_(clock), rng_(rng), indicators_(db) {}

  // A new note on one of the structure's territories, version 1 drafted from the figures.
  Result<std::string> create(const std::string& structure_id, const std::string& user_id,
                             const std::string& territory_id, const std::string& title);
  // The given version (0: the latest).
  Result<Note> get(const std::string& structure_id, const std::string& id, int version = 0);
  std::vector<NoteSummary> list(const std::string& structure_id, const std::string& territory_id);
  // Saves a new version; returns its number.
  Result<int> save(const std::string& structure_id, const std::string& user_id,
                   const std::string& id, const NoteEdit& edit);

  // The figures the notes start from, with their cache (the dashboard computes through it too).
  IndicatorService& indicators() { return indicators_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  IndicatorService indicators_;
};

// The first draft of each section's text, from the indicators and the rules.
std::map<std::string, std::string> draft_texts(const Indicators& in);

}  // namespace jalon::territorial
