-- The network of organisations: two parties of one deal are linked, weighted by their deals.
SELECT a.name AS source, b.name AS target, count(DISTINCT (a.article_id, a.event_id)) AS deals
FROM enrich.event_parties AS a
JOIN enrich.event_parties AS b
  ON a.article_id = b.article_id AND a.event_id = b.event_id AND a.name < b.name
JOIN report_articles AS r ON r.article_id = a.article_id
GROUP BY a.name, b.name
ORDER BY deals DESC, source, target;
