-- The deals of the report's articles (analytics.partnerships), newest first. `day` is the
-- event's date (a month or a year: its first day), NULL when the text gives no year.
WITH deals AS (
    SELECT
        p.*,
        coalesce(
            try_cast(p.event_date AS DATE),
            try_cast(p.event_date || '-01' AS DATE),
            try_cast(p.event_date || '-01-01' AS DATE)
        ) AS deal_day,
        r.day AS published_day
    FROM analytics.partnerships AS p
    JOIN report_articles AS r USING (article_id)
)
SELECT
    article_id, event_id, event_type, event_date, strftime(deal_day, '%Y-%m-%d') AS day,
    parties, agreement, province, city, adcode, title, url, outlet,
    strftime(published_day, '%Y-%m-%d') AS published
FROM deals
ORDER BY coalesce(deal_day, published_day) DESC NULLS LAST, article_id, event_id;
