-- Territories: named sets of communes a structure works on, built from an EPCI, an employment zone
-- or basin, a département, a région, or picked by hand. structure_id is the owning structure; its
-- table comes with the identity work, so there is no foreign key yet. name_key is the folded name,
-- unique within a structure.
CREATE TABLE IF NOT EXISTS territories (
  id TEXT PRIMARY KEY,
  structure_id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  source_code TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (structure_id, name_key)
);
CREATE TABLE IF NOT EXISTS territory_communes (
  territory_id TEXT NOT NULL REFERENCES territories (id) ON DELETE CASCADE,
  commune_code TEXT NOT NULL,
  PRIMARY KEY (territory_id, commune_code)
);
