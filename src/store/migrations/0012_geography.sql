-- Geography (COG): régions, départements, communes (current communes and the municipal
-- arrondissements of Paris, Lyon, Marseille) with postcodes, population and former codes, EPCI,
-- commune centroids, INSEE employment zones and France Travail employment basins. Membership
-- tables are keyed by commune code without foreign keys: each file is imported on its own and may
-- be of another COG year, and a commune merged since is found through commune_former_codes.
CREATE TABLE IF NOT EXISTS regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  chef_lieu TEXT,
  zone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS departements (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  chef_lieu TEXT,
  zone TEXT NOT NULL
);
-- search_name: the name folded to lower-case ASCII letters, digits and single spaces.
CREATE TABLE IF NOT EXISTS communes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  search_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  departement_code TEXT NOT NULL,
  region_code TEXT NOT NULL,
  parent_code TEXT,
  siren TEXT,
  population BIGINT
);
CREATE INDEX IF NOT EXISTS communes_departement ON communes (departement_code);
CREATE INDEX IF NOT EXISTS communes_region ON communes (region_code);
CREATE TABLE IF NOT EXISTS commune_postcodes (
  commune_code TEXT NOT NULL,
  postcode TEXT NOT NULL,
  PRIMARY KEY (commune_code, postcode)
);
CREATE INDEX IF NOT EXISTS commune_postcodes_postcode ON commune_postcodes (postcode);
CREATE TABLE IF NOT EXISTS commune_former_codes (
  former_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  PRIMARY KEY (former_code, commune_code)
);
CREATE INDEX IF NOT EXISTS commune_former_codes_commune ON commune_former_codes (commune_code);
CREATE TABLE IF NOT EXISTS epcis (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  financing TEXT,
  population BIGINT
);
CREATE TABLE IF NOT EXISTS epci_communes (
  commune_code TEXT PRIMARY KEY,
  epci_code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS epci_communes_epci ON epci_communes (epci_code);
CREATE TABLE IF NOT EXISTS commune_centroids (
  commune_code TEXT PRIMARY KEY,
  latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);
CREATE INDEX IF NOT EXISTS commune_centroids_latitude ON commune_centroids (latitude);
CREATE TABLE IF NOT EXISTS employment_zones (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS employment_zone_communes (
  commune_code TEXT PRIMARY KEY,
  zone_code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS employment_zone_communes_zone ON employment_zone_communes (zone_code);
CREATE TABLE IF NOT EXISTS employment_basins (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS employment_basin_communes (
  commune_code TEXT PRIMARY KEY,
  basin_code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS employment_basin_communes_basin ON employment_basin_communes (basin_code);
