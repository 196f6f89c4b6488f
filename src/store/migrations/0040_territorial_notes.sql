-- Territory synthesis notes (issue 7): a note belongs to a structure and one of its territories;
-- each save is a new version holding the sections' text, the figures kept in each section and
-- the figures themselves as they were computed (title, source, SVG, data table), so an exported
-- version shows the numbers it was written with.
CREATE TABLE territorial_notes (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  territory_id TEXT NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX territorial_notes_territory ON territorial_notes(structure_id, territory_id);
CREATE TABLE territorial_note_versions (
  note_id TEXT NOT NULL REFERENCES territorial_notes(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  saved_at BIGINT NOT NULL,
  saved_by TEXT NOT NULL,
  PRIMARY KEY (note_id, version)
);
