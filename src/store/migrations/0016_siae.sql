-- SIAE conventions (ASP): the structures of insertion through economic activity (ACI, EI, AI,
-- ETTI, EITI) by their signing establishment's SIRET. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS siae_conventions (
  asp_id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  siret TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT,
  deactivated_at BIGINT
);
CREATE INDEX IF NOT EXISTS siae_conventions_siret ON siae_conventions (siret);
