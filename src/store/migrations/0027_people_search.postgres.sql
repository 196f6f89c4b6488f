-- The header search (issue 14): find a person by part of a name or e-mail, the last digits of a
-- phone, a birth date or a France Travail / CAF identifier, in milliseconds at 50 000 people.
-- Names and e-mails: trigram GIN indexes (pg_trgm, a trusted extension shipped with the server)
-- on the folded name (name_key) and e-mail (email_key), which serve LIKE '%part%' and follow
-- every write of those columns.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX beneficiaries_name_trgm ON beneficiaries USING gin (name_key gin_trgm_ops);
CREATE INDEX beneficiaries_email_trgm ON beneficiaries USING gin (email_key gin_trgm_ops);

-- The last digits of a phone are a prefix of phone_rev (its digits reversed); identifiers are
-- matched whole. Each within the structure, the first column of every scope.
CREATE INDEX beneficiaries_scope_phone ON beneficiaries(structure_id, phone_rev);
CREATE INDEX beneficiaries_scope_ft ON beneficiaries(structure_id, ft_id);
CREATE INDEX beneficiaries_scope_caf ON beneficiaries(structure_id, caf_id);
