-- The articles a report covers (`edunews report --since DAY`: published on or after DAY in
-- Beijing time; without --since, all). A temporary table of the report's read-only session;
-- the other report_*.sql queries join it.
CREATE TEMP TABLE report_articles AS
SELECT article_id, title, url, outlet, timezone('Asia/Shanghai', published_at)::DATE AS day
FROM core.articles
WHERE $since IS NULL OR timezone('Asia/Shanghai', published_at)::DATE >= $since;
