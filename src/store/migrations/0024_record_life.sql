-- The record's whole life (issue 14): the person's address, identifiers and contact consent, the
-- status's pause and exit details, the last contact the next follow-up is derived from, keys for
-- the header search (the phone's digits reversed, so "the last digits" is an index prefix; the
-- folded e-mail), the structure's follow-up interval, and the dated history of every change.
ALTER TABLE beneficiaries ADD COLUMN address_line TEXT;
ALTER TABLE beneficiaries ADD COLUMN postal_code TEXT;
ALTER TABLE beneficiaries ADD COLUMN ft_id TEXT;
ALTER TABLE beneficiaries ADD COLUMN caf_id TEXT;
ALTER TABLE beneficiaries ADD COLUMN consent_email INTEGER NOT NULL DEFAULT 0;
ALTER TABLE beneficiaries ADD COLUMN consent_sms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE beneficiaries ADD COLUMN pause_reason TEXT;
ALTER TABLE beneficiaries ADD COLUMN pause_until TEXT;
ALTER TABLE beneficiaries ADD COLUMN exit_on TEXT;
ALTER TABLE beneficiaries ADD COLUMN exit_reason TEXT;
ALTER TABLE beneficiaries ADD COLUMN last_contact_on TEXT;
ALTER TABLE beneficiaries ADD COLUMN phone_rev TEXT;
ALTER TABLE beneficiaries ADD COLUMN email_key TEXT;

-- Days without contact after which a person's follow-up is overdue ("Suivi en retard").
ALTER TABLE structures ADD COLUMN followup_interval_days INTEGER NOT NULL DEFAULT 30;

-- One row per changed field (identity, contact, identifiers, consent, référent, status): who,
-- when, the previous and the new value, and the counselor's note (a transfer's reason). The
-- previous values are personal data: read through the record's scope, audited.
CREATE TABLE beneficiary_changes (
  id TEXT PRIMARY KEY,
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT,
  changed_on TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX beneficiary_changes_b ON beneficiary_changes(beneficiary_id, changed_at);
