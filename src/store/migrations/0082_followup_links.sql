-- Outcomes (issue 18): the follow-up questionnaire sent to the person (O4), a single-use,
-- expiring link (access/single_use_link.h: the SHA-256 of the token only) whose answer lands on the
-- follow-up. Same shape as referral_links.
CREATE TABLE followup_links (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL REFERENCES structures(id),
  followup_id TEXT NOT NULL REFERENCES exit_followups(id),
  token_hash TEXT NOT NULL UNIQUE,
  recipient TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX followup_links_f ON followup_links(followup_id);
