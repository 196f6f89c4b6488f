-- Documents of a beneficiary's record (issue 6, SR 43): CV, ID, attestations, the signed contract,
-- proofs with an expiry date. The bytes live outside the web root under a random name
-- (<data-dir>/uploads/<storage_name>); the row keeps the checked type, size, SHA-256 and the
-- name the person gave the file (shown, never used as a path). Deletion keeps the row (deleted_at)
-- for the timeline and the audit, and removes the bytes.
CREATE TABLE beneficiary_documents (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  storage_name TEXT NOT NULL UNIQUE,
  expires_on TEXT,
  contract_id TEXT,
  uploaded_at BIGINT NOT NULL,
  uploaded_by TEXT NOT NULL,
  deleted_at BIGINT
);
CREATE INDEX beneficiary_documents_b ON beneficiary_documents(beneficiary_id, uploaded_at);
CREATE INDEX beneficiary_documents_expiry ON beneficiary_documents(structure_id, expires_on);
