-- Labour market: BMO (France Travail's yearly survey of recruitment projects by occupation and
-- employment basin), one vintage beside the other, and the official list of occupations in
-- shortage (métiers en tension) by région. A BMO cell published as '*' is below the publication
-- threshold: the figure is unknown, stored as NULL with its *_below_threshold flag set, never 0.
CREATE TABLE IF NOT EXISTS bmo_occupations (
  vintage INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  family_code TEXT NOT NULL,
  family_label TEXT NOT NULL,
  PRIMARY KEY (vintage, code)
);
CREATE TABLE IF NOT EXISTS bmo_basins (
  vintage INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (vintage, code)
);
CREATE TABLE IF NOT EXISTS bmo_projects (
  vintage INTEGER NOT NULL,
  occupation_code TEXT NOT NULL,
  basin_code TEXT NOT NULL,
  departement_code TEXT NOT NULL,
  region_code TEXT NOT NULL,
  projects BIGINT CHECK (projects >= 0),
  projects_below_threshold INTEGER NOT NULL,
  difficult BIGINT CHECK (difficult >= 0),
  difficult_below_threshold INTEGER NOT NULL,
  seasonal BIGINT CHECK (seasonal >= 0),
  seasonal_below_threshold INTEGER NOT NULL,
  PRIMARY KEY (vintage, occupation_code, basin_code, departement_code),
  CHECK ((projects IS NULL) = (projects_below_threshold = 1)),
  CHECK ((difficult IS NULL) = (difficult_below_threshold = 1)),
  CHECK ((seasonal IS NULL) = (seasonal_below_threshold = 1))
);
CREATE INDEX IF NOT EXISTS bmo_projects_basin ON bmo_projects (vintage, basin_code);
CREATE INDEX IF NOT EXISTS bmo_projects_departement ON bmo_projects (vintage, departement_code);
-- region_code is NULL for the national list ("France entière").
CREATE TABLE IF NOT EXISTS shortage_occupations (
  edition TEXT NOT NULL,
  region_name TEXT NOT NULL,
  region_code TEXT,
  fap_code TEXT NOT NULL,
  fap_label TEXT NOT NULL,
  PRIMARY KEY (edition, region_name, fap_code)
);
