-- Meetings: appointments with their participation status, the secret agenda feeds of
-- counselors (tokens stored hashed), interview reports with their sections, addenda and the
-- diagnoses recorded from them. Every appointment and report belongs to a beneficiary, and
-- queries reach them through access::Scope on that beneficiary.
CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  counselor_id TEXT NOT NULL REFERENCES users(id),
  reference TEXT NOT NULL UNIQUE,
  starts_at BIGINT NOT NULL,
  duration_min INTEGER NOT NULL,
  kind TEXT NOT NULL,
  partner_kind TEXT NOT NULL DEFAULT '',
  partner_name TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'non_determine',
  status_at BIGINT,
  status_by TEXT,
  convocation_sent_at BIGINT,
  sequence INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX appointments_counselor ON appointments(counselor_id, starts_at);
CREATE INDEX appointments_beneficiary ON appointments(beneficiary_id, starts_at);

CREATE TABLE agenda_feeds (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX agenda_feeds_user ON agenda_feeds(user_id);

CREATE TABLE interview_reports (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  appointment_id TEXT NOT NULL UNIQUE REFERENCES appointments(id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  finalised_at BIGINT,
  finalised_by TEXT
);
CREATE INDEX interview_reports_b ON interview_reports(beneficiary_id, created_at);

CREATE TABLE interview_report_sections (
  report_id TEXT NOT NULL REFERENCES interview_reports(id),
  section TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (report_id, section)
);

CREATE TABLE report_addenda (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES interview_reports(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX report_addenda_r ON report_addenda(report_id, created_at);

CREATE TABLE report_diagnoses (
  report_id TEXT NOT NULL REFERENCES interview_reports(id),
  diagnosis_id TEXT NOT NULL REFERENCES diagnoses(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (report_id, diagnosis_id)
);
