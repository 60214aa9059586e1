-- Keep every payload's metadata as received; identical bytes from the same source are stored
-- once. The bytes are in a payload file: the one that kept them first, or this package's
-- (stage_payloads, staged by warehouse/raw.py keep_payloads).
INSERT INTO raw.documents BY NAME
SELECT
    f.* REPLACE (f.headers::JSON AS headers),
    $run_id AS run_id,
    coalesce(kept.payload_file, new.payload_file) AS payload_file
FROM read_parquet($files) AS f
LEFT JOIN (
    SELECT sha256, any_value(payload_file) AS payload_file
    FROM raw.documents
    WHERE payload_file IS NOT NULL
    GROUP BY sha256
) AS kept USING (sha256)
LEFT JOIN stage_payloads AS new USING (sha256)
-- one row per key even when a crawl (WARC) holds the same URL with the same bytes twice
QUALIFY row_number() OVER (PARTITION BY f.source_uri, f.sha256 ORDER BY f.fetched_at) = 1
ON CONFLICT (source_uri, sha256) DO NOTHING
