-- The load's full time (COMMIT and checkpoint included) and the search index's rebuild time,
-- known only after the run row committed.
UPDATE ops.runs SET seconds_load = $seconds_load, seconds_index = $seconds_index
WHERE run_id = $run_id
