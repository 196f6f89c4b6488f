-- The beneficiary record: identity and intake, dated situation records, diagnoses with their
-- items, professional projects, IAE eligibility diagnoses. Every row belongs to one structure
-- through its beneficiary; queries go through access::Scope. Current values used by the
-- caseload filters are kept on the beneficiary row (contract_kind, barrier_themes).
CREATE TABLE beneficiaries (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  civility TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  email TEXT,
  phone TEXT,
  commune_code TEXT,
  commune_name TEXT,
  prescriber_kind TEXT NOT NULL,
  prescriber_name TEXT,
  entry_date TEXT NOT NULL,
  scheme TEXT NOT NULL,
  status TEXT NOT NULL,
  notice_version TEXT NOT NULL,
  notice_given_on TEXT NOT NULL,
  name_key TEXT NOT NULL,
  search_key TEXT NOT NULL,
  contract_kind TEXT NOT NULL DEFAULT 'aucun',
  barrier_themes TEXT NOT NULL DEFAULT '',
  next_followup_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX beneficiaries_structure_name ON beneficiaries(structure_id, name_key);
CREATE INDEX beneficiaries_structure_birth ON beneficiaries(structure_id, birth_date);

CREATE TABLE situation_records (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  recorded_on TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  education_level TEXT,
  work_situation TEXT,
  contract_kind TEXT NOT NULL,
  rights TEXT NOT NULL,
  licences TEXT NOT NULL,
  vehicle INTEGER NOT NULL,
  languages TEXT NOT NULL
);
CREATE INDEX situation_records_b ON situation_records(beneficiary_id, recorded_at);

CREATE TABLE diagnoses (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  made_on TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX diagnoses_b ON diagnoses(beneficiary_id, made_on);

CREATE TABLE diagnosis_items (
  diagnosis_id TEXT NOT NULL REFERENCES diagnoses(id),
  theme TEXT NOT NULL,
  item TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (diagnosis_id, theme, item, kind)
);

CREATE TABLE project_records (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  appellations TEXT NOT NULL,
  mobility_km INTEGER NOT NULL,
  transport TEXT NOT NULL,
  contracts TEXT NOT NULL,
  working_time TEXT NOT NULL,
  available_on TEXT
);
CREATE INDEX project_records_b ON project_records(beneficiary_id, recorded_at);

CREATE TABLE eligibility_diagnoses (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  siae_kind TEXT NOT NULL,
  author_kind TEXT NOT NULL,
  made_on TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  eligible INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX eligibility_b ON eligibility_diagnoses(beneficiary_id, made_on);

CREATE TABLE eligibility_criteria (
  eligibility_id TEXT NOT NULL REFERENCES eligibility_diagnoses(id),
  code TEXT NOT NULL,
  proof_status TEXT NOT NULL,
  PRIMARY KEY (eligibility_id, code)
);

-- Health data (SR 2): its own table, its content sealed with the server key, the module off by
-- default for each structure, readable by the referent only.
CREATE TABLE health_items (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  kind TEXT NOT NULL,
  sealed_detail TEXT NOT NULL,
  since TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX health_items_b ON health_items(beneficiary_id);
