-- A run's totals over its committed packages, and the freshness of its new articles.
SELECT
    count(*)                               AS n_packages,
    coalesce(sum(n_seen), 0)               AS n_seen,
    coalesce(sum(n_new), 0)                AS n_new,
    coalesce(sum(n_updated), 0)            AS n_updated,
    coalesce(sum(n_unchanged), 0)          AS n_unchanged,
    coalesce(sum(n_not_modified), 0)       AS n_not_modified,
    coalesce(sum(n_duplicate), 0)          AS n_duplicate,
    coalesce(sum(n_rejected), 0)           AS n_rejected,
    coalesce(sum(n_enriched), 0)           AS n_enriched,
    coalesce(sum(n_requests), 0)           AS n_requests,
    coalesce(sum(n_listing_requests), 0)   AS n_listing_requests,
    coalesce(sum(n_new_page_requests), 0)  AS n_new_page_requests,
    coalesce(sum(n_recheck_requests), 0)   AS n_recheck_requests,
    coalesce(sum(n_responses_304), 0)      AS n_responses_304,
    coalesce(sum(seconds), 0.0)            AS seconds_load,
    (SELECT quantile_cont(seconds, 0.5) FROM ops.freshness WHERE run_id = $run_id)  AS freshness_p50_seconds,
    (SELECT quantile_cont(seconds, 0.95) FROM ops.freshness WHERE run_id = $run_id) AS freshness_p95_seconds
FROM ops.loads
WHERE run_id = $run_id
