-- The run's enrichments that must be written: for the stored version of their article, and not
-- already in the warehouse at this enricher version (re-running changes nothing).
CREATE OR REPLACE TEMP TABLE stage_enrichments AS
SELECT DISTINCT ON (s.article_id) s.*
FROM read_parquet($files) AS s
JOIN core.articles AS a ON a.article_id = s.article_id AND a.content_hash = s.content_hash
WHERE NOT EXISTS (
    SELECT 1 FROM enrich.articles AS e
    WHERE e.article_id = s.article_id
      AND e.content_hash = s.content_hash
      AND e.enricher_version = s.enricher_version
)
ORDER BY s.article_id
