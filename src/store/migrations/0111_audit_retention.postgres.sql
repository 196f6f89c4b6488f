-- Audit retention (issue 23, SR 47 and section 2: 12 months by default): records up to
-- audit_head.purged_until may be deleted once a signed checkpoint pins that point of the chain
-- (purged_hash is the hash of the last deleted record, where verification resumes). Every other
-- record stays append-only; TRUNCATE stays refused.
ALTER TABLE audit_head ADD COLUMN purged_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN purged_hash TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT purged_until FROM audit_head WHERE id = 1) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
