-- Stored articles without a signature of the current signer for their current content.
SELECT a.article_id, a.content_hash, a.text, a.text_simplified
FROM core.articles AS a
LEFT JOIN core.article_signatures AS s USING (article_id)
WHERE s.article_id IS NULL
   OR s.signer_version <> $signer_version
   OR s.content_hash <> a.content_hash
ORDER BY a.article_id
