-- Keywords over time: per month, the report's articles among whose top keywords
-- (analytics.keywords, TF-IDF) each of the overall top terms is.
WITH ranked AS (
    SELECT k.term, sum(k.tfidf) AS weight
    FROM analytics.keywords AS k JOIN report_articles USING (article_id)
    GROUP BY k.term
    ORDER BY weight DESC, k.term
    LIMIT $limit
)
SELECT strftime(date_trunc('month', r.day), '%Y-%m') AS month, k.term,
       count(DISTINCT k.article_id) AS articles, round(sum(k.tfidf), 2) AS weight
FROM analytics.keywords AS k
JOIN ranked USING (term)
JOIN report_articles AS r USING (article_id)
WHERE r.day IS NOT NULL
GROUP BY ALL
ORDER BY month, k.term;
