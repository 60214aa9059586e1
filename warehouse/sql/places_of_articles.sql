-- The stored places of some articles; is_primary marks each article's main place.
SELECT article_id, province, city, district, is_primary
FROM analytics.places
WHERE list_contains($article_ids, article_id)
