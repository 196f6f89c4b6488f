-- Partners directory (issue 19), after the data·inclusion schema: organisations (structures:
-- SIRET, name, kind, address and commune, contacts, opening hours) and their services (themes,
-- kinds, publics, fees, how to apply, documents, zone served, capacity). Each structure keeps
-- its own directory (source: 'saisie' typed by a counselor, 'siae' completed from the SIAE
-- conventions table, 'data-inclusion' imported). Lists of codes are stored as ';a;b;' so that
-- one LIKE '%;code;%' finds them on both engines. Times are epoch milliseconds.
CREATE TABLE partner_organisations (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  source TEXT NOT NULL,
  source_id TEXT NOT NULL DEFAULT '',
  siret TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  commune_code TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  opening_hours TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX partner_organisations_s ON partner_organisations(structure_id, name);
CREATE UNIQUE INDEX partner_organisations_src ON partner_organisations(structure_id, source, source_id);

CREATE TABLE partner_services (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  organisation_id TEXT NOT NULL REFERENCES partner_organisations(id),
  source_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  themes TEXT NOT NULL,
  kinds TEXT NOT NULL DEFAULT '',
  publics TEXT NOT NULL DEFAULT '',
  fees TEXT NOT NULL DEFAULT '',
  how_to_apply TEXT NOT NULL DEFAULT '',
  documents TEXT NOT NULL DEFAULT '',
  zone_kind TEXT NOT NULL DEFAULT '',
  zone_code TEXT NOT NULL DEFAULT '',
  capacity INTEGER,
  places INTEGER,
  contact_email TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX partner_services_o ON partner_services(organisation_id);
CREATE INDEX partner_services_s ON partner_services(structure_id);

-- A referral may name a service of the directory; the person's consent (date and the fields
-- shared, ';identite;contact;'), the partner's decline reason, and who answered.
ALTER TABLE referrals ADD COLUMN service_id TEXT;
ALTER TABLE referrals ADD COLUMN consent_on TEXT;
ALTER TABLE referrals ADD COLUMN consent_scope TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN decline_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN answered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN answer_seen_at BIGINT;
CREATE INDEX referrals_service ON referrals(service_id);

-- Single-use links sent to a partner: only the SHA-256 of the token is stored; a link expires,
-- is used once, and is revoked when the referral closes or a new link replaces it.
CREATE TABLE referral_links (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  referral_id TEXT NOT NULL REFERENCES referrals(id),
  token_hash TEXT NOT NULL UNIQUE,
  recipient TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX referral_links_r ON referral_links(referral_id);
