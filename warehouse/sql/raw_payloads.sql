-- `edunews raw KEY`: the kept payloads whose sha256, or whose article's id (the current version's
-- bytes), starts with $key; one row per distinct payload, so a caller can tell an ambiguous key.
SELECT d.sha256, any_value(d.source_uri ORDER BY d.fetched_at) AS source_uri,
       any_value(d.payload_file) AS payload_file, bool_and(d.is_complete) AS is_complete, d.size
FROM raw.documents AS d
WHERE starts_with(d.sha256, $key)
   OR d.sha256 IN (SELECT a.raw_sha256 FROM core.articles AS a WHERE starts_with(a.article_id, $key))
GROUP BY d.sha256, d.size
ORDER BY d.sha256
LIMIT 2
