-- Freshness of the run's new articles (run before merge_articles: "new" is not yet stored):
-- from the earliest of first seen in a listing, its listing date and its publication, to the
-- commit. Articles that came from no listing and carry no date are left out.
INSERT INTO ops.freshness BY NAME
SELECT
    $run_id                                                      AS run_id,
    s.article_id,
    s.source_uri                                                 AS url,
    regexp_extract(s.source_uri, '^[a-z]+://([^/:?#]+)', 1)      AS source,
    least(u.first_seen_at, u.listed_modified_at, s.published_at) AS appeared_at,
    CAST($committed_at AS TIMESTAMPTZ)                           AS committed_at,
    greatest(epoch(CAST($committed_at AS TIMESTAMPTZ) - appeared_at), 0) AS seconds
FROM stage_articles AS s
LEFT JOIN core.articles AS a USING (article_id)
LEFT JOIN read_parquet($files) AS u ON u.url = s.source_uri
WHERE a.article_id IS NULL
  AND s.source_uri LIKE 'http%'
  AND least(u.first_seen_at, u.listed_modified_at, s.published_at) IS NOT NULL
