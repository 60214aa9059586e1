-- Stored articles whose enrichment is missing, from an older enricher version, or for older content.
SELECT a.article_id, a.content_hash, a.title, a.text, a.text_simplified, a.published_at
FROM core.articles AS a
LEFT JOIN enrich.articles AS e USING (article_id)
WHERE e.article_id IS NULL
   OR e.enricher_version <> $enricher_version
   OR e.content_hash <> a.content_hash
ORDER BY a.article_id
