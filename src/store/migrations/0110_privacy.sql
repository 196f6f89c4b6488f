-- Privacy operations (issue 23, SR 8–12, 16, 19): each structure's retention of a beneficiary's
-- file (1–36 months after the last contact, default 24) and of its audit records (6–12 months,
-- default 12); the 30-day notice before a purge; legal holds; the anonymised statistical row a
-- purged file leaves; and the erasure journal, which holds no personal data: the opaque id of a
-- file that no longer exists, what happened and on which basis (replayed after a restore).
ALTER TABLE structures ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24;
ALTER TABLE structures ADD COLUMN audit_retention_months INTEGER NOT NULL DEFAULT 12;

CREATE TABLE retention_holds (
  beneficiary_id TEXT PRIMARY KEY REFERENCES beneficiaries(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  reason TEXT NOT NULL,
  until_on TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at BIGINT NOT NULL
);

CREATE TABLE retention_notices (
  beneficiary_id TEXT PRIMARY KEY REFERENCES beneficiaries(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  purge_on TEXT NOT NULL,
  notified_at BIGINT NOT NULL
);

CREATE TABLE anonymised_people (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  cause TEXT NOT NULL,
  purged_month TEXT NOT NULL,
  birth_year INTEGER,
  departement TEXT,
  scheme TEXT,
  entry_month TEXT,
  exit_month TEXT,
  exit_category TEXT,
  appointments INTEGER NOT NULL DEFAULT 0,
  workshops INTEGER NOT NULL DEFAULT 0,
  had_health INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX anonymised_people_s ON anonymised_people(structure_id, purged_month);

CREATE TABLE erasure_journal (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL,
  beneficiary_ref TEXT NOT NULL,
  kind TEXT NOT NULL,
  basis TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_role TEXT NOT NULL
);
CREATE INDEX erasure_journal_s ON erasure_journal(structure_id, at);
