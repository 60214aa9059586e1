-- Inputs whose stored article is current: same extractor version and, for runs that enrich
-- ($enricher_version not NULL), a current enrichment. An input read again with the same bytes
-- (raw_sha256) then needs no decoding, extraction or enrichment.
SELECT s.source_uri, s.raw_sha256
FROM core.article_sources AS s
JOIN core.articles AS a USING (article_id)
LEFT JOIN enrich.articles AS e USING (article_id)
WHERE a.extractor_version = $extractor_version
  AND (
    $enricher_version IS NULL
    OR (e.enricher_version = $enricher_version AND e.content_hash = a.content_hash)
  )
