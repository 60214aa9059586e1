-- Written last, in the same transaction as the run's data: its presence marks the run committed.
INSERT INTO ops.runs (
    run_id, flow, status, started_at, finished_at, n_seen, n_new, n_updated, n_unchanged,
    n_duplicate, n_rejected, seconds_process, seconds_load, sources, prefect_flow_run_id, error,
    n_not_modified, n_enriched
) VALUES (
    $run_id, $flow, $status, $started_at, $finished_at, $n_seen, $n_new, $n_updated,
    $n_unchanged, $n_duplicate, $n_rejected, $seconds_process, $seconds_load, $sources,
    $prefect_flow_run_id, $error, $n_not_modified, $n_enriched
)
