-- The stored cooperation events of some articles, with their parties in order.
SELECT article_id, event_type, parties, event_date
FROM analytics.partnerships_by_article
WHERE list_contains($article_ids, article_id)
