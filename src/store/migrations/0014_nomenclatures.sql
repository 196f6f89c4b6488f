-- Activity and occupation nomenclatures and their crosswalks: NAF rév. 2 (INSEE, every level,
-- codes written as INSEE does: "01.11Z"), FAP 2021 and FAP 2009 (DARES occupational families),
-- ROME to FAP 2009, and DPAE hirings by ROME and NAF (which sectors hire for a job).
CREATE TABLE IF NOT EXISTS naf_codes (
  code TEXT PRIMARY KEY,
  level INTEGER NOT NULL,
  label TEXT NOT NULL,
  parent_code TEXT
);
CREATE TABLE IF NOT EXISTS fap_codes (
  nomenclature TEXT NOT NULL,
  level INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  parent_code TEXT,
  PRIMARY KEY (nomenclature, level, code)
);
-- qualification: '' when the ROME code alone gives the family, else the job's qualification
-- digit (the SAS table $FAP9RAQ).
CREATE TABLE IF NOT EXISTS rome_fap2009 (
  rome_code TEXT NOT NULL,
  qualification TEXT NOT NULL,
  fap_code TEXT NOT NULL,
  PRIMARY KEY (rome_code, qualification)
);
CREATE INDEX IF NOT EXISTS rome_fap2009_fap ON rome_fap2009 (fap_code);
CREATE TABLE IF NOT EXISTS rome_naf_hirings (
  rome_code TEXT NOT NULL,
  naf_code TEXT NOT NULL,
  hirings BIGINT NOT NULL CHECK (hirings >= 0),
  PRIMARY KEY (rome_code, naf_code)
);
CREATE INDEX IF NOT EXISTS rome_naf_hirings_naf ON rome_naf_hirings (naf_code);
