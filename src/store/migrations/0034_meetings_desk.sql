-- The counselor's desk for meetings (issue 14): the pathway objectives and actions an interview
-- report discusses (a report shows them, and they show the report), and the autosaved draft of a
-- territorial note (one per note and author: typed text is kept between two saved versions
-- without creating a version at each keystroke, and never in the browser's storage, SR 44).
CREATE TABLE report_items (
  report_id TEXT NOT NULL REFERENCES interview_reports(id),
  item_kind TEXT NOT NULL,  -- objective, action
  item_id TEXT NOT NULL,    -- pathway_objectives.id or pathway_actions.id
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (report_id, item_id)
);
CREATE INDEX report_items_item ON report_items(item_id);

-- No foreign key to territorial_notes: that table comes with migration 0040, after this one
-- (NoteDrafts reaches a draft through its note, in the caller's structure, so an orphan is
-- never shown).
CREATE TABLE territorial_note_drafts (
  note_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  base_version INTEGER NOT NULL,
  content TEXT NOT NULL,  -- JSON: {"title": …, "texts": {section code: text}}
  saved_at BIGINT NOT NULL,
  PRIMARY KEY (note_id, user_id)
);
