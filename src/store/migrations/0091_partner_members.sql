-- Partner users (issue 19): a Jalon user with the partner role is attached to one organisation
-- of the structure's directory; their inbox holds the referrals addressed to its services, and
-- they see nothing else.
CREATE TABLE partner_members (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  structure_id TEXT NOT NULL REFERENCES structures(id),
  organisation_id TEXT NOT NULL REFERENCES partner_organisations(id),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX partner_members_o ON partner_members(organisation_id);
