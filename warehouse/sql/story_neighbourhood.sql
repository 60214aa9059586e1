-- The articles whose story a load may change, with their signatures: those signed now, the
-- stored articles sharing an LSH band with them, and every copy of the stories these belonged
-- to (story_id still holds the stories before this load).
WITH keys AS (
    SELECT DISTINCT unnest(bands) AS key FROM stage_signatures
),
near AS (
    SELECT b.article_id
    FROM (SELECT article_id, unnest(bands) AS key FROM core.article_signatures) AS b
    JOIN keys USING (key)
    UNION
    SELECT article_id FROM stage_signatures
),
stories AS (
    SELECT DISTINCT a.story_id
    FROM core.articles AS a JOIN near USING (article_id)
    WHERE a.story_id IS NOT NULL
)
SELECT a.article_id, s.minhash, s.bands
FROM core.articles AS a
LEFT JOIN core.article_signatures AS s USING (article_id)
WHERE a.article_id IN (SELECT article_id FROM near)
   OR a.story_id IN (SELECT story_id FROM stories)
ORDER BY a.article_id
