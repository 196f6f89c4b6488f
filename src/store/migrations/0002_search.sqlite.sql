-- SQLite's FTS5 needs no configuration: indexes use the unicode61 tokenizer with diacritics
-- removed (see store/search.cc). This file keeps the numbering aligned with PostgreSQL.
SELECT 1;
