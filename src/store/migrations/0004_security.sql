-- Issue 12 (security findings). The audit chain becomes an HMAC under a key kept outside the
-- database (SR 47): records written before this migration keep their plain SHA-256 links, up to
-- legacy_until, which signed checkpoints then pin. A second factor locked by too many wrong codes
-- is told to the user at their next login (mfa_locked_at).
ALTER TABLE audit_head ADD COLUMN legacy_until BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET legacy_until = seq;
ALTER TABLE users ADD COLUMN mfa_locked_at BIGINT;
