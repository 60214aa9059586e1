-- Some articles and every copy of some stories (as they were before this load), with their
-- story, MinHash values and band keys.
SELECT a.article_id, a.story_id, s.minhash, s.bands
FROM core.articles AS a
LEFT JOIN core.article_signatures AS s USING (article_id)
WHERE a.article_id IN (SELECT unnest($articles::VARCHAR[]))
   OR a.story_id IN (SELECT unnest($stories::VARCHAR[]))
ORDER BY a.article_id
