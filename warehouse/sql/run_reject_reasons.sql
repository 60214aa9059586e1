-- A run's rejects counted by reason.
SELECT reason, count(*) AS n FROM ops.rejects WHERE run_id = $run_id GROUP BY reason ORDER BY reason
