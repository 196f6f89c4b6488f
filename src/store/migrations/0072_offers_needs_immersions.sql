-- Job offers, recorded hiring needs and immersions (issue 17).
-- `offers` is public data like `establishments` (France Travail's "Offres d'emploi" API as
-- published, keyed by its id so a new import updates the offer): shared across structures. Its
-- columns are what a matching engine indexes: ROME code and appellation, commune and
-- coordinates, contract type and working time, open/closed, dates.
CREATE TABLE offers (
  source_ref TEXT PRIMARY KEY,  -- "france_travail:082SGKK"
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  establishment_id TEXT REFERENCES establishments(id),
  company_name TEXT NOT NULL DEFAULT '',
  siret TEXT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  rome_code TEXT NOT NULL,
  rome_label TEXT NOT NULL DEFAULT '',
  appellation_code TEXT,
  appellation_label TEXT NOT NULL DEFAULT '',
  commune_code TEXT,
  postcode TEXT NOT NULL DEFAULT '',
  place_label TEXT NOT NULL DEFAULT '',
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  contract_type TEXT NOT NULL,
  contract_label TEXT NOT NULL DEFAULT '',
  contract_nature TEXT NOT NULL DEFAULT '',
  working_time TEXT NOT NULL DEFAULT '',  -- plein, partiel or '' (unknown)
  hours_label TEXT NOT NULL DEFAULT '',
  weekly_hours DOUBLE PRECISION,
  experience_code TEXT NOT NULL DEFAULT '',
  experience_label TEXT NOT NULL DEFAULT '',
  qualification_code TEXT NOT NULL DEFAULT '',
  salary_label TEXT NOT NULL DEFAULT '',
  sector_code TEXT NOT NULL DEFAULT '',
  sector_label TEXT NOT NULL DEFAULT '',
  positions INTEGER NOT NULL DEFAULT 1,
  alternance INTEGER NOT NULL DEFAULT 0,
  accessible_th INTEGER NOT NULL DEFAULT 0,
  url TEXT NOT NULL DEFAULT '',
  created_on TEXT NOT NULL,   -- YYYY-MM-DD
  updated_on TEXT NOT NULL,   -- YYYY-MM-DD
  open INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX offers_rome ON offers (rome_code, open);
CREATE INDEX offers_commune ON offers (commune_code, open);
CREATE INDEX offers_establishment ON offers (establishment_id);
CREATE INDEX offers_appellation ON offers (appellation_code);

-- The skills an offer asks for (competences: code, label, E = exigé / S = souhaité).
CREATE TABLE offer_skills (
  offer_id TEXT NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (offer_id, code)
);

-- An employer's hiring needs as the structure's counselor recorded them: the structure's own.
CREATE TABLE hiring_needs (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  appellation_code TEXT NOT NULL,
  rome_code TEXT NOT NULL,
  job_label TEXT NOT NULL,
  contract TEXT NOT NULL,
  hours_per_week INTEGER NOT NULL,
  commune_code TEXT,
  start_on TEXT NOT NULL,
  positions INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  open INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX hiring_needs_e ON hiring_needs (structure_id, establishment_id);
CREATE INDEX hiring_needs_rome ON hiring_needs (structure_id, rome_code, open);

-- Immersions (PMSMP): a convention between the person, the employer and the prescriber (the
-- structure, its counselor). Status a_signer → partiellement_signee → signee → bilan, or annulee.
CREATE TABLE immersions (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  counselor_id TEXT NOT NULL REFERENCES users(id),
  objective TEXT NOT NULL,
  appellation_code TEXT,
  job_label TEXT NOT NULL,
  tutor_name TEXT NOT NULL,
  tutor_role TEXT NOT NULL DEFAULT '',
  tutor_phone TEXT NOT NULL DEFAULT '',
  tutor_email TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  schedule TEXT NOT NULL,       -- seven days "08:00-12:00 13:30-17:00", separated by '|'
  weekly_hours DOUBLE PRECISION NOT NULL,
  tasks TEXT NOT NULL,
  risks TEXT NOT NULL DEFAULT '',
  equipment TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  signed_person_on TEXT,
  signed_employer_on TEXT,
  signed_prescriber_on TEXT,
  cancel_reason TEXT NOT NULL DEFAULT '',
  assessment_attendance TEXT,
  assessment_text TEXT NOT NULL DEFAULT '',
  assessment_hiring INTEGER,
  assessment_contract TEXT,
  assessed_on TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX immersions_b ON immersions (beneficiary_id, starts_on);
CREATE INDEX immersions_e ON immersions (structure_id, establishment_id);
