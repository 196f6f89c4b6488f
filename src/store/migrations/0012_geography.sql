-- Geography (COG): régions, départements, communes (current communes and the municipal
-- arrondissements of Paris, Lyon, Marseille) with postcodes, population and former codes, EPCI,
-- commune centroids, INSEE employment zones and France Travail employment basins. Membership
-- tables are keyed by commune code without foreign keys: each file is imported on its own and may
-- be of another COG year, and a commune merged since is found through commune_former_codes.
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  chef_lieu TEXT,
  zone TEXT NOT NULL
);
CREATE TABLE departements (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  chef_lieu TEXT,
  zone TEXT NOT NULL
);
-- search_name: the name folded to lower-case ASCII letters, digits and single spaces.
CREATE TABLE communes (
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
CREATE INDEX communes_departement ON communes (departement_code);
CREATE INDEX communes_region ON communes (region_code);
CREATE TABLE commune_postcodes (
  commune_code TEXT NOT NULL,
  postcode TEXT NOT NULL,
  PRIMARY KEY (commune_code, postcode)
);
CREATE INDEX commune_postcodes_postcode ON commune_postcodes (postcode);
CREATE TABLE commune_former_codes (
  former_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  PRIMARY KEY (former_code, commune_code)
);
CREATE INDEX commune_former_codes_commune ON commune_former_codes (commune_code);
CREATE TABLE epcis (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  financing TEXT,
  population BIGINT
);
CREATE TABLE epci_communes (
  commune_code TEXT PRIMARY KEY,
  epci_code TEXT NOT NULL
);
CREATE INDEX epci_communes_epci ON epci_communes (epci_code);
CREATE TABLE commune_centroids (
  commune_code TEXT PRIMARY KEY,
  latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);
CREATE INDEX commune_centroids_latitude ON commune_centroids (latitude);
CREATE TABLE employment_zones (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE employment_zone_communes (
  commune_code TEXT PRIMARY KEY,
  zone_code TEXT NOT NULL
);
CREATE INDEX employment_zone_communes_zone ON employment_zone_communes (zone_code);
CREATE TABLE employment_basins (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE employment_basin_communes (
  commune_code TEXT PRIMARY KEY,
  basin_code TEXT NOT NULL
);
CREATE INDEX employment_basin_communes_basin ON employment_basin_communes (basin_code);
