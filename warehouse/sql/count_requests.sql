-- The run's HTTP requests by kind (retries and redirect hops count), and its 304 answers;
-- p50 / p95 freshness of its new articles.
SELECT
    (SELECT count(*) FROM read_parquet($files))                                   AS n_requests,
    (SELECT count(*) FROM read_parquet($files) WHERE kind = 'listing')            AS n_listing_requests,
    (SELECT count(*) FROM read_parquet($files) WHERE kind = 'page')               AS n_new_page_requests,
    (SELECT count(*) FROM read_parquet($files) WHERE kind = 'recheck')            AS n_recheck_requests,
    (SELECT count(*) FROM read_parquet($files) WHERE status = 304)                AS n_responses_304,
    (SELECT quantile_cont(seconds, 0.5) FROM ops.freshness WHERE run_id = $run_id)  AS p50,
    (SELECT quantile_cont(seconds, 0.95) FROM ops.freshness WHERE run_id = $run_id) AS p95
