-- The people named in most of the report's articles, with their latest title and affiliation.
SELECT
    p.name,
    first(concat_ws(' ', p.affiliation, p.title) ORDER BY r.day DESC NULLS LAST) AS role,
    count(DISTINCT p.article_id) AS articles
FROM enrich.people AS p
JOIN report_articles AS r USING (article_id)
GROUP BY p.entity_id, p.name
ORDER BY articles DESC, p.name
LIMIT $limit;
