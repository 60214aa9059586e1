-- Some articles and every copy of their stories (as they were before this load), with their
-- story, MinHash values and band keys.
WITH chosen AS (
    SELECT unnest($articles::VARCHAR[]) AS article_id
)
SELECT a.article_id, a.story_id, s.minhash, s.bands
FROM core.articles AS a
LEFT JOIN core.article_signatures AS s USING (article_id)
WHERE a.article_id IN (SELECT article_id FROM chosen)
   OR a.story_id IN (
        SELECT story_id FROM core.articles WHERE article_id IN (SELECT article_id FROM chosen)
   )
ORDER BY a.article_id
