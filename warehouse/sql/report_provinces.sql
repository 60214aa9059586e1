-- Per province (2-digit adcode + 0000): the report's articles that name a place in it.
SELECT left(pl.adcode, 2) || '0000' AS province_code, count(DISTINCT pl.article_id) AS articles
FROM analytics.places AS pl
JOIN report_articles USING (article_id)
WHERE pl.adcode IS NOT NULL
GROUP BY province_code
ORDER BY province_code;
