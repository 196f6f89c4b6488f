-- French full-text configuration that ignores accents: unaccent, then the French stemmer.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION jalon_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION jalon_fr
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
