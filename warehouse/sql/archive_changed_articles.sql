-- Keep the current version of every article this run changes.
INSERT INTO core.article_versions
SELECT
    a.article_id, a.version, a.source_uri, a.url, a.title, a.published_at, a.published_precision,
    a.outlet, a.author, a.text, a.encoding, a.input_format, a.categories, a.tags, a.raw_sha256,
    a.content_hash, a.extractor_version, a.run_id,
    a.updated_at AS valid_from, now() AS valid_to, $run_id AS superseded_by_run, a.mojibake_repairs,
    a.script, a.text_simplified, a.securities
FROM core.articles AS a
JOIN stage_articles AS s USING (article_id)
WHERE a.content_hash <> s.content_hash
