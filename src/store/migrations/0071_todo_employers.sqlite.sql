-- Prospecting next steps (issue 17) are to-do items about an employer, not a person: SQLite
-- cannot drop a NOT NULL, so the table is rebuilt with the same rows.
CREATE TABLE todo_items_new (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  beneficiary_id TEXT REFERENCES beneficiaries(id),
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  due_on TEXT,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  done_at BIGINT,
  dismissed_at BIGINT,
  notified INTEGER NOT NULL DEFAULT 0,
  UNIQUE (user_id, kind, ref_id)
);
INSERT INTO todo_items_new SELECT id, structure_id, user_id, beneficiary_id, kind, ref_id, due_on,
  link, created_at, done_at, dismissed_at, notified FROM todo_items;
DROP TABLE todo_items;
ALTER TABLE todo_items_new RENAME TO todo_items;
CREATE INDEX todo_open ON todo_items(user_id, done_at, dismissed_at);
