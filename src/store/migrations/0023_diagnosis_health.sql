-- Health items recorded with a diagnosis (SR 2, issue 12 item 3): sealed with the server key like
-- health_items, readable by the referent only when the structure's health module is on, never in
-- diagnosis_items (which coordinators, exports and territorial counts read). Plain items stored
-- before this migration are sealed at start-up (BeneficiaryService::seal_plain_health_items).
CREATE TABLE diagnosis_health (
  diagnosis_id TEXT PRIMARY KEY REFERENCES diagnoses(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  sealed_items TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX diagnosis_health_b ON diagnosis_health(beneficiary_id);
