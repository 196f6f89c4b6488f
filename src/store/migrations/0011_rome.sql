-- ROME v3 (France Travail's job taxonomy): fiches, their tree, appellations, savoirs, activities,
-- work environments, mobilities, texts and RIASEC profile. Codes are kept as the producer writes
-- them (text). `source` says which data set owns a row ('rome' for the full v3 files,
-- 'rome-2024' for the newer appellations list), so each import updates and removes only its own.
CREATE TABLE IF NOT EXISTS rome_grand_domains (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rome_domains (
  code TEXT PRIMARY KEY,
  grand_domain_code TEXT NOT NULL,
  label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rome_codes (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  ogr_code TEXT,
  source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rome_riasec (
  rome_code TEXT PRIMARY KEY,
  major TEXT NOT NULL,
  minor TEXT
);
CREATE TABLE IF NOT EXISTS rome_appellations (
  code TEXT PRIMARY KEY,
  rome_code TEXT NOT NULL,
  label TEXT NOT NULL,
  short_label TEXT,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rome_appellations_rome ON rome_appellations (rome_code);
-- Savoirs (knowledge items) and activities (savoir-faire), by OGR code.
CREATE TABLE IF NOT EXISTS rome_knowledge (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  kind_label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rome_activities (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rome_work_environments (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  section_label TEXT NOT NULL
);
-- Which item belongs to which fiche, in which rubric: 5 work environments, 6/9 core/specific
-- activities, 7/10 core/specific savoirs.
CREATE TABLE IF NOT EXISTS rome_fiche_items (
  rome_code TEXT NOT NULL,
  item_code TEXT NOT NULL,
  rubric INTEGER NOT NULL,
  block_position INTEGER NOT NULL,
  item_position INTEGER NOT NULL,
  PRIMARY KEY (rome_code, item_code)
);
-- Mobilities from a fiche (or one of its appellations) to another; '' when the mobility concerns
-- the whole fiche rather than an appellation. kind: 1 close, 2 evolution.
CREATE TABLE IF NOT EXISTS rome_mobilities (
  rome_code TEXT NOT NULL,
  target_rome_code TEXT NOT NULL,
  appellation_code TEXT NOT NULL,
  target_appellation_code TEXT NOT NULL,
  kind INTEGER NOT NULL,
  PRIMARY KEY (rome_code, target_rome_code, appellation_code, target_appellation_code)
);
CREATE INDEX IF NOT EXISTS rome_mobilities_target ON rome_mobilities (target_rome_code);
-- Texts of a fiche: kind is 'definition', 'acces_a_em' (access to the job) or
-- 'cond_exercice_activite' (working conditions); position orders the paragraphs.
CREATE TABLE IF NOT EXISTS rome_texts (
  rome_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (rome_code, kind, position)
);
-- Search over fiche labels and appellations, tolerant of typos.
@search_index rome
@search_vocabulary rome
