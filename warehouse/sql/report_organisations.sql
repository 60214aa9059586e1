-- The organisations named in most of the report's articles, with their deals.
SELECT
    m.name, m.kind, count(DISTINCT m.article_id) AS articles,
    (SELECT count(DISTINCT (p.article_id, p.event_id)) FROM enrich.event_parties AS p
      JOIN report_articles AS r ON r.article_id = p.article_id
      WHERE p.entity_id = m.entity_id) AS deals
FROM enrich.mentions AS m
JOIN report_articles USING (article_id)
WHERE m.kind NOT IN ('person', 'place')
GROUP BY m.entity_id, m.name, m.kind
ORDER BY articles DESC, deals DESC, m.name
LIMIT $limit;
