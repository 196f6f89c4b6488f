-- Workshop evaluation (issue 16, W6, W7, W9) and session life: a session may be cancelled and
-- carries the facilitator's notes for its bilan; a template has its "à retravailler" threshold.
-- An evaluation is one questionnaire of one participation: 'pre' (self-assessment before the
-- first activity), 'post' (after the last) or 'satisfaction' (at the end), typed in from paper
-- or answered on a single-use link. Its scores are per item: the objective's position (0–4),
-- and for satisfaction also 9, the overall item.
ALTER TABLE workshop_sessions ADD COLUMN cancelled_at BIGINT;
ALTER TABLE workshop_sessions ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE workshop_templates ADD COLUMN rework_threshold INTEGER NOT NULL DEFAULT 66;

CREATE TABLE workshop_evaluations (
  participation_id TEXT NOT NULL REFERENCES workshop_participations(id),
  phase TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES workshop_sessions(id),
  source TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  answered_at BIGINT NOT NULL,
  answered_by TEXT,
  PRIMARY KEY (participation_id, phase)
);
CREATE INDEX workshop_evaluations_s ON workshop_evaluations(session_id, phase);

CREATE TABLE workshop_scores (
  participation_id TEXT NOT NULL REFERENCES workshop_participations(id),
  phase TEXT NOT NULL,
  item INTEGER NOT NULL,
  score INTEGER NOT NULL,
  PRIMARY KEY (participation_id, phase, item)
);

-- A participant's single-use questionnaire link ('debut': the pre self-assessment; 'fin':
-- satisfaction and post self-assessment). Only the token's SHA-256 is kept.
CREATE TABLE workshop_links (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  session_id TEXT NOT NULL REFERENCES workshop_sessions(id),
  participation_id TEXT NOT NULL REFERENCES workshop_participations(id),
  moment TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX workshop_links_p ON workshop_links(participation_id, moment);
