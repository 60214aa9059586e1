-- Insert new articles, replace changed ones; unchanged rows keep the run that last wrote them.
-- Columns match by name: the staged article's fields, then the warehouse's bookkeeping (a
-- replaced row keeps its first run and creation time, and counts one version more).
MERGE INTO core.articles AS t
USING (
    SELECT
        s.* REPLACE (s.mojibake_repairs::JSON AS mojibake_repairs),
        coalesce(a.version + 1, 1) AS version,
        coalesce(a.first_run_id, $run_id) AS first_run_id,
        $run_id AS run_id,
        coalesce(a.created_at, now()) AS created_at,
        now() AS updated_at
    FROM stage_articles AS s
    LEFT JOIN core.articles AS a USING (article_id)
) AS s
ON t.article_id = s.article_id
WHEN MATCHED AND t.content_hash <> s.content_hash THEN UPDATE BY NAME
WHEN NOT MATCHED THEN INSERT BY NAME
