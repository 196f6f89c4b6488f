-- Collective workshops (issue 16): templates designed once (objectives tied to skills, a timed
-- running order), sessions held many times, and the participation of beneficiaries (enrolled or
-- on the waiting list, with the W3 status). Participations reach people through access::Scope
-- on their beneficiary; templates and sessions belong to a structure.
CREATE TABLE workshop_templates (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  title TEXT NOT NULL,
  themes TEXT NOT NULL,
  audience TEXT NOT NULL DEFAULT '',
  prerequisites TEXT NOT NULL DEFAULT '',
  duration_min INTEGER NOT NULL,
  capacity_min INTEGER,
  capacity_max INTEGER,
  facilitators INTEGER NOT NULL DEFAULT 1,
  materials TEXT NOT NULL DEFAULT '',
  room_setup TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workshop_templates_s ON workshop_templates(structure_id, title);

CREATE TABLE workshop_objectives (
  template_id TEXT NOT NULL REFERENCES workshop_templates(id),
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (template_id, position)
);

CREATE TABLE workshop_steps (
  template_id TEXT NOT NULL REFERENCES workshop_templates(id),
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  duration_min INTEGER NOT NULL,
  PRIMARY KEY (template_id, position)
);

CREATE TABLE workshop_sessions (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  template_id TEXT NOT NULL REFERENCES workshop_templates(id),
  starts_at BIGINT NOT NULL,
  duration_min INTEGER NOT NULL,
  mode TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  capacity INTEGER,
  facilitator_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workshop_sessions_s ON workshop_sessions(structure_id, starts_at);
CREATE INDEX workshop_sessions_t ON workshop_sessions(template_id, starts_at);
CREATE INDEX workshop_sessions_f ON workshop_sessions(facilitator_id, starts_at);

CREATE TABLE workshop_participations (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES workshop_sessions(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  waiting INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'non_determine',
  enrolled_at BIGINT NOT NULL,
  enrolled_by TEXT NOT NULL,
  status_at BIGINT,
  status_by TEXT,
  UNIQUE (session_id, beneficiary_id)
);
CREATE INDEX workshop_participations_b ON workshop_participations(beneficiary_id);
