-- Referentials (src/referentials/): which edition of each open-data set the store holds. A row is
-- written by `jalon import` when an import changed something; BMO keeps one row per vintage.
-- The referential migrations (0010–0016) create with IF NOT EXISTS, so re-applying one is harmless.
CREATE TABLE IF NOT EXISTS referential_datasets (
  dataset TEXT NOT NULL,
  edition TEXT NOT NULL,
  files TEXT NOT NULL,
  rows_read BIGINT NOT NULL,
  imported_at BIGINT NOT NULL,
  PRIMARY KEY (dataset, edition)
);
