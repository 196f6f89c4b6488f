// Pages and API of the territory diagnosis: the dashboard of a territory, the synthesis notes
// (editor with versions, printable page, PDF and DOCX), and GET
// /api/v1/territories/{id}/indicators.
#pragma once
#include "http/router.h"
#include "store/database.h"
#include "territorial/note_drafts.h"
#include "territorial/notes.h"
#include "ui/render.h"

namespace jalon::territorial {

struct WebServices {
  store::Database& db;
  NoteService& notes;
  const ui::Renderer& renderer;
  access::AuditLog& audit;  // the notes' autosaved drafts (NoteDrafts)
  const Clock& clock;

  NoteDrafts drafts() const { return {db, clock, audit}; }
};

void register_routes(http::Router& router, const WebServices& s);

}  // namespace jalon::territorial
