-- Article pages fetched from the web: what a refresh re-fetches.
SELECT source_uri FROM core.articles WHERE source_uri LIKE 'http%' ORDER BY source_uri
