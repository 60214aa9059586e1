-- The load's full time (COMMIT and checkpoint included), known only after the run row committed.
UPDATE ops.runs SET seconds_load = $seconds_load WHERE run_id = $run_id
