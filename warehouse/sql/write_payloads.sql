-- The run's payloads not kept yet, each once, into its own Parquet file (zstd).
-- {path} is the file's absolute path (COPY takes no parameter for it); $files the documents spool.
COPY (
    SELECT f.sha256, any_value(f.content) AS content
    FROM read_parquet($files) AS f
    WHERE f.content IS NOT NULL
      AND f.sha256 NOT IN (SELECT d.sha256 FROM raw.documents AS d WHERE d.payload_file IS NOT NULL)
    GROUP BY f.sha256
    ORDER BY f.sha256
) TO {path} (FORMAT parquet, COMPRESSION zstd)
