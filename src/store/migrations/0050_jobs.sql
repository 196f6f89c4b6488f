-- Durable jobs (issue 15): work that happens later or regularly. A runner inside `jalon serve`
-- claims a due job with a lease (owner + expiry), runs it, and records done / retry / failed.
-- The idempotency key is unique: scheduling the same reminder twice schedules it once.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  idem_key TEXT UNIQUE,
  structure_id TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending',
  run_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  last_error TEXT,
  lease_owner TEXT,
  lease_until BIGINT,
  result TEXT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX jobs_due ON jobs(status, run_at);
CREATE INDEX jobs_structure ON jobs(structure_id, created_at);

-- Messages queued before jobs existed are sent by jobs too.
INSERT INTO jobs (id, kind, idem_key, structure_id, payload, status, run_at, max_attempts, created_at)
SELECT 'outbox-' || id, 'outbox.send', 'outbox:' || id, structure_id, id, 'pending', created_at, 12,
       created_at
FROM outbox WHERE status = 'pending';

-- The counselor's to-do list ("À faire"): one row per user and underlying thing (kind + ref),
-- marked done when the thing is resolved, or dismissed by hand. notified: 0 not yet, 1 sent
-- immediately, 2 in a digest, 3 never to be sent.
CREATE TABLE todo_items (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
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
CREATE INDEX todo_open ON todo_items(user_id, done_at, dismissed_at);

-- Per user and per kind: 'immediate', 'digest' or 'never' (no row: the kind's default).
CREATE TABLE notification_prefs (
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  mode TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);
-- The hour (structure's local time) the daily digest leaves, and the last day it was sent.
CREATE TABLE notification_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  digest_hour INTEGER NOT NULL DEFAULT 8,
  last_digest_on TEXT
);

-- A referral without an answer after this many days becomes a to-do item.
ALTER TABLE structures ADD COLUMN referral_answer_days INTEGER NOT NULL DEFAULT 15;
