-- Rencontres with partners (issue 19): date, organisation, who was there, notes, and follow-ups
-- with due dates that land on their owner's to-do list until done. Dates are ISO days.
CREATE TABLE partner_meetings (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  organisation_id TEXT NOT NULL REFERENCES partner_organisations(id),
  held_on TEXT NOT NULL,
  people TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX partner_meetings_o ON partner_meetings(organisation_id, held_on);

CREATE TABLE partner_meeting_followups (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  meeting_id TEXT NOT NULL REFERENCES partner_meetings(id),
  label TEXT NOT NULL,
  due_on TEXT,
  owner_id TEXT NOT NULL REFERENCES users(id),
  done_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX partner_meeting_followups_m ON partner_meeting_followups(meeting_id);
CREATE INDEX partner_meeting_followups_o ON partner_meeting_followups(structure_id, owner_id);
