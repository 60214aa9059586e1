-- Keep every payload's metadata as received; identical bytes from the same source are stored
-- once. The bytes are in a payload file: this run's ($payload_file) or the one that kept them first.
INSERT INTO raw.documents BY NAME
SELECT
    f.* EXCLUDE (content) REPLACE (f.headers::JSON AS headers),
    $run_id AS run_id,
    CASE WHEN f.content IS NOT NULL THEN coalesce(kept.payload_file, $payload_file) END
        AS payload_file
FROM read_parquet($files) AS f
LEFT JOIN (
    SELECT sha256, any_value(payload_file) AS payload_file
    FROM raw.documents
    WHERE payload_file IS NOT NULL
    GROUP BY sha256
) AS kept USING (sha256)
-- one row per key even when a crawl (WARC) holds the same URL with the same bytes twice
QUALIFY row_number() OVER (PARTITION BY f.source_uri, f.sha256 ORDER BY f.fetched_at) = 1
ON CONFLICT (source_uri, sha256) DO NOTHING
