-- Instance-wide settings (one row per key). The home page reads the instance name from here.
CREATE TABLE instance_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO instance_settings (key, value) VALUES ('instance_name', 'Jalon');
