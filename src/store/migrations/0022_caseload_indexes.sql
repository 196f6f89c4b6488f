-- One index per caseload sort, each (structure_id, sort keys…, id): the page of 25 is read in
-- index order and stops early (no sort of the whole caseload: "entrée" and "mise à jour" sorted
-- 13 000 rows per request on the 50 000-person bench store), and the scope's EXISTS probe on
-- caseload_members gets b.id from the index instead of a table lookup per scanned row. The
-- name index also serves duplicate detection (structure, name_key, birth_date).
DROP INDEX beneficiaries_structure_name;
DROP INDEX beneficiaries_structure_birth;
CREATE INDEX beneficiaries_scope_name ON beneficiaries(structure_id, name_key, birth_date, id);
CREATE INDEX beneficiaries_scope_birth ON beneficiaries(structure_id, birth_date, name_key, id);
CREATE INDEX beneficiaries_scope_entry ON beneficiaries(structure_id, entry_date DESC, name_key, id);
CREATE INDEX beneficiaries_scope_updated ON beneficiaries(structure_id, updated_at DESC, name_key, id);
-- The referent's name on each caseload row: (beneficiary, kind) -> user without a table lookup.
CREATE INDEX caseload_members_referent ON caseload_members(beneficiary_id, kind, user_id);
