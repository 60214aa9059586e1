-- The most recent runs with their counts, newest first (`edunews runs`).
SELECT
    run_id, status, started_at, round(epoch(finished_at - started_at), 2) AS seconds,
    n_seen, n_new, n_updated, n_unchanged, n_duplicate, n_rejected
FROM ops.runs
ORDER BY started_at DESC
LIMIT $limit
