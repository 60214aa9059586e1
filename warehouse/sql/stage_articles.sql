-- A run's articles, one row per article_id (copies of one article in several inputs collapse).
CREATE OR REPLACE TEMP TABLE stage_articles AS
SELECT *
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY source_uri) = 1
