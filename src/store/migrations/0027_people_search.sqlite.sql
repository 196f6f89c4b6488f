-- The header search (issue 14): find a person by part of a name or e-mail, the last digits of a
-- phone, a birth date or a France Travail / CAF identifier, in milliseconds at 50 000 people.
-- Names and e-mails: an FTS5 trigram index over the folded name (name_key) and e-mail
-- (email_key), kept by triggers so every writer of those columns (creation, the edit form, an
-- import) keeps it right without knowing it exists. Its rowid is the person's rowid; the search
-- rechecks name_key/email_key on the person's row, so a stale entry can only miss, never show
-- the wrong person.
CREATE VIRTUAL TABLE people_search USING fts5(key, tokenize = 'trigram');
INSERT INTO people_search (rowid, key)
  SELECT rowid, name_key || ' ' || COALESCE(email_key, '') FROM beneficiaries;

CREATE TRIGGER people_search_insert AFTER INSERT ON beneficiaries
BEGIN INSERT INTO people_search (rowid, key) VALUES (NEW.rowid, NEW.name_key || ' ' || COALESCE(NEW.email_key, '')); END;

CREATE TRIGGER people_search_update AFTER UPDATE OF name_key, email_key ON beneficiaries
BEGIN UPDATE people_search SET key = NEW.name_key || ' ' || COALESCE(NEW.email_key, '') WHERE rowid = NEW.rowid; END;

CREATE TRIGGER people_search_delete AFTER DELETE ON beneficiaries
BEGIN DELETE FROM people_search WHERE rowid = OLD.rowid; END;

-- The last digits of a phone are a prefix of phone_rev (its digits reversed); identifiers are
-- matched whole. Each within the structure, the first column of every scope.
CREATE INDEX beneficiaries_scope_phone ON beneficiaries(structure_id, phone_rev);
CREATE INDEX beneficiaries_scope_ft ON beneficiaries(structure_id, ft_id);
CREATE INDEX beneficiaries_scope_caf ON beneficiaries(structure_id, caf_id);
