-- How the staged articles compare with the warehouse: new, updated (content changed), unchanged.
SELECT
    count(*) FILTER (WHERE a.article_id IS NULL)                       AS n_new,
    count(*) FILTER (WHERE a.content_hash <> s.content_hash)           AS n_updated,
    count(*) FILTER (WHERE a.content_hash = s.content_hash)            AS n_unchanged
FROM stage_articles AS s
LEFT JOIN core.articles AS a USING (article_id)
