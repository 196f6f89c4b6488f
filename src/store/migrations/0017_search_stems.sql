-- Stems of the ROME search vocabulary (store::SearchIndex::rebuild_vocabulary fills them at the
-- next ROME import): words match their other French forms. The directive adds only the tables an
-- older store lacks.
@search_vocabulary rome
