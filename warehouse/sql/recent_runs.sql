-- The most recent runs with their counts, newest first (`edunews runs`); host and pid last, to
-- tell a running run from one whose process is gone.
SELECT
    run_id, status, started_at, round(epoch(finished_at - started_at), 2) AS seconds,
    n_seen, n_new, n_updated, n_unchanged, n_duplicate, n_rejected, n_packages AS packages,
    host, pid
FROM ops.runs
ORDER BY started_at DESC
LIMIT $limit
