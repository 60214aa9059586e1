-- Keep every payload as received; identical bytes from the same source are stored once.
INSERT INTO raw.documents BY NAME
SELECT * REPLACE (headers::JSON AS headers), $run_id AS run_id
FROM read_parquet($files)
-- one row per key even when a crawl (WARC) holds the same URL with the same bytes twice
QUALIFY row_number() OVER (PARTITION BY source_uri, sha256 ORDER BY fetched_at) = 1
ON CONFLICT (source_uri, sha256) DO NOTHING
