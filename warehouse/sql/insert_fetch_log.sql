-- Every HTTP request the run made (columns matched by name).
INSERT INTO ops.fetch_log BY NAME
SELECT *, $run_id AS run_id
FROM read_parquet($files)
