-- The stored people of some articles, with their titles and affiliations.
SELECT article_id, name, title, affiliation
FROM analytics.people
WHERE list_contains($article_ids, article_id)
