-- The run's signatures that must be written: of the current signer, for the stored version of
-- their article, and not already stored for that content (re-running changes nothing).
CREATE OR REPLACE TEMP TABLE stage_signatures AS
SELECT DISTINCT ON (s.article_id) s.*
FROM read_parquet($files) AS s
JOIN core.articles AS a ON a.article_id = s.article_id AND a.content_hash = s.content_hash
WHERE s.signer_version = $signer_version
  AND NOT EXISTS (
    SELECT 1 FROM core.article_signatures AS g
    WHERE g.article_id = s.article_id
      AND g.content_hash = s.content_hash
      AND g.signer_version = s.signer_version
)
ORDER BY s.article_id
