-- Outcomes (issue 18), the rates at 100 000 exits: each exit carries `profile`, one integer
-- packing what the rates read of it and of its 6- and 24-month follow-ups (outcomes/profile.cc:
-- examined, category, situation, contract length, and each follow-up's status, situation, length,
-- target job). The statistics group the exits by (breakdown, profile) through one covering index
-- and apply the rules in C++ once per distinct profile, instead of joining two follow-ups per
-- exit and evaluating thirty CASE expressions per row. NULL = to compute (rows written before
-- this migration, or by the demo): `refresh_profiles` fills them, found through a partial index.
-- A counter per structure, bumped by every write to exits or their follow-ups, keys the cache of
-- the statistics (several app servers on one database stay correct).
ALTER TABLE exits ADD COLUMN profile BIGINT;
CREATE INDEX exits_rates ON exits(structure_id, exit_on, profile, days, scheme, referent_id,
  team_id, commune_code, commune_name);
CREATE INDEX exits_stale_profile ON exits(structure_id) WHERE profile IS NULL;
CREATE INDEX exits_reentered ON exits(structure_id, entry_on) WHERE reentered_on IS NOT NULL;

CREATE TABLE outcome_generations (
  structure_id TEXT PRIMARY KEY,
  generation BIGINT NOT NULL
);
