-- Each listing's polling state (`edunews sources`), next due first.
SELECT
    url,
    status,
    last_fetched_at,
    last_new_at,
    next_check_at                 AS next_due,
    round(poll_seconds / 60, 1)   AS poll_minutes,
    failures,
    last_error,
    (SELECT count(*) FROM ops.url_state AS p WHERE p.listed_in = l.url AND p.kind = 'page')
                                  AS pages
FROM ops.url_state AS l
WHERE kind = 'listing'
ORDER BY next_check_at NULLS LAST, url
