-- 006: full-text search. The BM25 index over enrich.articles.tokens (schema fts_enrich_articles)
-- and the analytics.search macro are built after each load by warehouse/sql/create_search_index.sql
-- and create_search_macro.sql
-- (they need the fts extension, which migrations do not load); a run records how long that took.
ALTER TABLE ops.runs ADD COLUMN seconds_index DOUBLE;   -- NULL: the index was up to date
