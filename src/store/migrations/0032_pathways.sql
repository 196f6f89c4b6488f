-- The contractualised pathway of a beneficiary: contracts (CER, PPAE, CEJ, PACEA, SIAE/CDDI,
-- other) with their dates and status, objectives (catalogue code or free text) and the actions
-- under each objective, each with a status, a due date, the diagnosis barrier it addresses and
-- the partner involved; referrals (orientations) to a partner structure or service; and the
-- pathway events the record's timeline shows. Every row belongs to a beneficiary, and queries
-- reach it through access::Scope on that beneficiary. Dates of contracts, due dates and
-- follow-up dates are plain calendar dates ("YYYY-MM-DD").
CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  kind TEXT NOT NULL,
  kind_detail TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  signed_on TEXT,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX contracts_b ON contracts(beneficiary_id, starts_on);
CREATE INDEX contracts_end ON contracts(structure_id, status, ends_on);

CREATE TABLE pathway_objectives (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  contract_id TEXT REFERENCES contracts(id),
  code TEXT NOT NULL DEFAULT '',
  free_label TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  due_on TEXT,
  barrier TEXT NOT NULL DEFAULT '',
  partner TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX pathway_objectives_b ON pathway_objectives(beneficiary_id, created_at);

CREATE TABLE pathway_actions (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  objective_id TEXT NOT NULL REFERENCES pathway_objectives(id),
  code TEXT NOT NULL DEFAULT '',
  free_label TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  due_on TEXT,
  barrier TEXT NOT NULL DEFAULT '',
  partner TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX pathway_actions_b ON pathway_actions(beneficiary_id, created_at);
CREATE INDEX pathway_actions_due ON pathway_actions(structure_id, status, due_on);

CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  partner TEXT NOT NULL,
  service TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  sent_on TEXT NOT NULL,
  follow_up_on TEXT,
  answered_on TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX referrals_b ON referrals(beneficiary_id, sent_on);

-- One row per change of a contract, objective, action or referral, written in the change's
-- transaction: the timeline shows them beside appointments, reports and diagnoses.
CREATE TABLE pathway_events (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  kind TEXT NOT NULL,
  object_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  actor_id TEXT NOT NULL
);
CREATE INDEX pathway_events_b ON pathway_events(beneficiary_id, occurred_at);
