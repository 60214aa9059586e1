-- Inputs whose stored article is current: same extractor and enricher versions. An input read
-- again with the same bytes (raw_sha256) needs no decoding, extraction or enrichment.
SELECT s.source_uri, s.raw_sha256
FROM core.article_sources AS s
JOIN core.articles AS a USING (article_id)
JOIN enrich.articles AS e USING (article_id)
WHERE a.extractor_version = $extractor_version
  AND e.enricher_version = $enricher_version
  AND e.content_hash = a.content_hash
