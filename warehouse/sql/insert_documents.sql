-- Keep every payload as received; identical bytes from the same source are stored once.
INSERT INTO raw.documents
SELECT
    source_uri, sha256, size, content, is_complete, headers::JSON, fetched_at,
    encoding, encoding_source, declared_encoding, replaced_chars, $run_id
FROM read_parquet($files)
-- one row per key even when a crawl (WARC) holds the same URL with the same bytes twice
QUALIFY row_number() OVER (PARTITION BY source_uri, sha256 ORDER BY fetched_at) = 1
ON CONFLICT (source_uri, sha256) DO NOTHING
