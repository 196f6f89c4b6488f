-- Employers (issue 17). `establishments` is the public directory of establishments (SIRENE
-- facts: SIRET, name, NAF, size band, address, commune), imported by `jalon import employers` or
-- added by a counselor; it holds nothing a structure said or did. What a structure knows of an
-- employer (its relation status, tags, notes, contacts, prospecting actions) and the people it
-- proposed there (applications, placements) are rows of that structure only.
CREATE TABLE establishments (
  siret TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  naf_code TEXT,
  size_band TEXT,
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  commune_code TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  active INTEGER NOT NULL DEFAULT 1,
  source TEXT NOT NULL
);
CREATE INDEX establishments_commune ON establishments (commune_code);
CREATE INDEX establishments_naf ON establishments (naf_code);

-- The structure's relation with an employer: jamais_contacte when there is no row.
CREATE TABLE employer_relations (
  structure_id TEXT NOT NULL REFERENCES structures(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  status TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (structure_id, establishment_id)
);

CREATE TABLE employer_contacts (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX employer_contacts_e ON employer_contacts (structure_id, establishment_id);

-- Calls, visits, e-mails, events; next_step + next_due_on put an item on the author's to-do list.
CREATE TABLE prospecting_actions (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  kind TEXT NOT NULL,
  done_on TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES users(id),
  outcome TEXT NOT NULL DEFAULT '',
  next_step TEXT NOT NULL DEFAULT '',
  next_due_on TEXT,
  next_done_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX prospecting_actions_e ON prospecting_actions (structure_id, establishment_id);
CREATE INDEX prospecting_actions_due ON prospecting_actions (author_id, next_due_on);

-- A person proposed to an employer, with the states of les emplois de l'inclusion.
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  establishment_id TEXT NOT NULL REFERENCES establishments(id),
  offer_id TEXT,
  job TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  refusal_reason TEXT,
  message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX applications_b ON applications (beneficiary_id);
CREATE INDEX applications_e ON applications (structure_id, establishment_id);

-- Hires. Read by the outcomes of issue 18: keep these column names.
CREATE TABLE placements (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  employer_id TEXT NOT NULL REFERENCES establishments(id),
  offer_id TEXT,
  application_id TEXT REFERENCES applications(id),
  contract TEXT NOT NULL,
  hours_per_week INTEGER NOT NULL,
  start_on TEXT NOT NULL,
  end_on TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX placements_b ON placements (beneficiary_id);
CREATE INDEX placements_e ON placements (structure_id, employer_id);
