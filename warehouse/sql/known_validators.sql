-- Known article pages fetched from the web, with the headers of their current version.
SELECT d.source_uri, d.headers
FROM raw.documents AS d
JOIN core.articles AS a ON a.source_uri = d.source_uri AND a.raw_sha256 = d.sha256
WHERE d.source_uri LIKE 'http%'
