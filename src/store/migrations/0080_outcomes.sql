-- Outcomes (issue 18): each exit of a person (one row per accompaniment period, so a re-entry
-- keeps both), with the O1 situation, the derived IAE category and whether it is "examined"
-- (O2/O3, computed once at exit from the parameters then in force); the follow-ups planned
-- at exit + 6 and + 24 months (and the ESF+ moments), each answered, unreachable or still to do.
-- The grouping columns of the rates (scheme, référent, team, commune) are copied at exit so the
-- statistics read one table.
CREATE TABLE exits (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  entry_on TEXT NOT NULL,
  exit_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  situation TEXT NOT NULL,
  contract_months INTEGER,
  hours_worked INTEGER,
  employer TEXT NOT NULL DEFAULT '',
  job_code TEXT NOT NULL DEFAULT '',
  job_label TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  examined INTEGER NOT NULL,
  fse INTEGER NOT NULL DEFAULT 0,
  scheme TEXT NOT NULL,
  referent_id TEXT,
  team_id TEXT,
  commune_code TEXT NOT NULL DEFAULT '',
  commune_name TEXT NOT NULL DEFAULT '',
  days INTEGER NOT NULL,
  reentered_on TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX exits_structure ON exits(structure_id, exit_on);
CREATE INDEX exits_beneficiary ON exits(beneficiary_id, exit_on);

CREATE TABLE exit_followups (
  id TEXT PRIMARY KEY,
  exit_id TEXT NOT NULL REFERENCES exits(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  moment TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at BIGINT,
  situation TEXT,
  contract_months INTEGER,
  in_target_job INTEGER,
  employer TEXT NOT NULL DEFAULT '',
  job_label TEXT NOT NULL DEFAULT '',
  answered_on TEXT,
  recorded_at BIGINT,
  recorded_by TEXT,
  UNIQUE (exit_id, moment)
);
CREATE INDEX exit_followups_structure ON exit_followups(structure_id, moment, status);
CREATE INDEX exit_followups_due ON exit_followups(structure_id, status, due_on);
