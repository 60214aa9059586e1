-- Keep the current version of every article this run changes (columns matched by name).
INSERT INTO core.article_versions BY NAME
SELECT
    a.* EXCLUDE (first_run_id, created_at, updated_at),
    a.updated_at AS valid_from,
    now() AS valid_to,
    $run_id AS superseded_by_run
FROM core.articles AS a
JOIN stage_articles AS s USING (article_id)
WHERE a.content_hash <> s.content_hash
