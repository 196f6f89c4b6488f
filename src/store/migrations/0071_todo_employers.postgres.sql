-- Prospecting next steps (issue 17) are to-do items about an employer, not a person.
ALTER TABLE todo_items ALTER COLUMN beneficiary_id DROP NOT NULL;
