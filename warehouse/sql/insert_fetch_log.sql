INSERT INTO ops.fetch_log
SELECT $run_id, requested_url, url, kind, attempt, status, bytes, elapsed, error, fetched_at
FROM read_parquet($files)
