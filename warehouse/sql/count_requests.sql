-- A package's HTTP requests by kind (retries and redirect hops count), and its 304 answers.
SELECT
    count(*)                                  AS n_requests,
    count(*) FILTER (WHERE kind = 'listing')  AS n_listing_requests,
    count(*) FILTER (WHERE kind = 'page')     AS n_new_page_requests,
    count(*) FILTER (WHERE kind = 'recheck')  AS n_recheck_requests,
    count(*) FILTER (WHERE status = 304)      AS n_responses_304
FROM read_parquet($files)
