INSERT INTO ops.rejects
SELECT $run_id, source_uri, raw_sha256, stage, reason, detail, now()
FROM read_parquet($files)
