-- A counter per structure, bumped by every write that can change what a caseload list shows.
-- Caseload counts are cached per (scope, filters) and reused while the generation is unchanged,
-- which stays correct with several app servers on one database.
CREATE TABLE caseload_generations (
  structure_id TEXT PRIMARY KEY,
  generation BIGINT NOT NULL
);
