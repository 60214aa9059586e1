-- The full-text index over enrich.articles.tokens (jieba words of title + Simplified text, with
-- the domain dictionary), schema fts_enrich_articles. Needs the fts extension loaded.
-- No stemmer, no stop words, accents kept (CJK untouched); punctuation and spaces split terms.
-- The index is a snapshot: every load that changes enrichments runs this again (overwrite),
-- then create_search_macro.sql. One statement: a PRAGMA cannot go through extract_statements.
PRAGMA create_fts_index(
    'enrich.articles', 'article_id', 'tokens',
    stemmer = 'none', stopwords = 'none', ignore = '[\s\p{P}]+', strip_accents = 0, lower = 1,
    overwrite = 1
);
