-- Identity and access: structures (tenants), teams, users, sessions, MFA, password resets,
-- login throttling, the caseload link, the outbox and the append-only, hash-chained audit log.
CREATE TABLE structures (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  siret TEXT,
  commune_code TEXT,
  time_zone TEXT NOT NULL DEFAULT 'Europe/Paris',
  health_module INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (structure_id, name)
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  structure_id TEXT REFERENCES structures(id),
  team_id TEXT REFERENCES teams(id),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  totp_secret @blob,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  disabled_at BIGINT,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_structure ON users(structure_id);

CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  mfa_verified INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE password_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL
);

-- Failed-login counters keyed by a hash of the e-mail (known or not, so locks reveal nothing)
-- or of the client address (SR 23).
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0
);

-- Who follows whom: the referent and co-referents of each beneficiary. Every caseload query
-- goes through access::Scope, which joins this table.
CREATE TABLE caseload_members (
  beneficiary_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  since BIGINT NOT NULL,
  PRIMARY KEY (beneficiary_id, user_id)
);
CREATE INDEX caseload_user ON caseload_members(user_id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  structure_id TEXT,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_status ON outbox(status, created_at);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id TEXT,
  actor_role TEXT,
  structure_id TEXT,
  action TEXT NOT NULL,
  object_type TEXT,
  object_id TEXT,
  category TEXT,
  outcome TEXT NOT NULL,
  session_ref TEXT,
  details TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE INDEX audit_structure ON audit_log(structure_id, at);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

@append_only audit_log
