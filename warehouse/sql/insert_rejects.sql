-- The run's rejects (columns matched by name).
INSERT INTO ops.rejects BY NAME
SELECT *, $run_id AS run_id, now() AS created_at
FROM read_parquet($files)
