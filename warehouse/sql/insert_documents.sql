-- Keep every payload as received; identical bytes from the same source are stored once.
INSERT INTO raw.documents
SELECT
    source_uri, sha256, size, content, is_complete, headers::JSON, fetched_at,
    encoding, encoding_source, declared_encoding, replaced_chars, $run_id
FROM read_parquet($files)
ON CONFLICT (source_uri, sha256) DO NOTHING
