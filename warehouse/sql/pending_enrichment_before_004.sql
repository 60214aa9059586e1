-- Every stored article, for a warehouse from before migration 004: nothing is enriched yet and no
-- Simplified text is stored (the enrich flow converts it, as for rows stored before that migration).
SELECT article_id, content_hash, title, text, NULL AS text_simplified, published_at
FROM core.articles
ORDER BY article_id
