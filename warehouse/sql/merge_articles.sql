-- Insert new articles, replace changed ones; unchanged rows keep the run that last wrote them.
MERGE INTO core.articles AS t
USING stage_articles AS s
ON t.article_id = s.article_id
WHEN MATCHED AND t.content_hash <> s.content_hash THEN UPDATE SET
    source_uri = s.source_uri, url = s.url, title = s.title, published_at = s.published_at,
    published_precision = s.published_precision, outlet = s.outlet, author = s.author,
    text = s.text, encoding = s.encoding, input_format = s.input_format,
    categories = s.categories, tags = s.tags, raw_sha256 = s.raw_sha256,
    content_hash = s.content_hash, extractor_version = s.extractor_version,
    mojibake_repairs = s.mojibake_repairs::JSON, script = s.script,
    text_simplified = s.text_simplified, securities = s.securities,
    version = t.version + 1, run_id = $run_id, updated_at = now()
WHEN NOT MATCHED THEN INSERT (
    article_id, source_uri, url, title, published_at, published_precision, outlet, author, text,
    encoding, input_format, categories, tags, raw_sha256, content_hash, extractor_version,
    version, first_run_id, run_id, created_at, updated_at, mojibake_repairs, script,
    text_simplified, securities
) VALUES (
    s.article_id, s.source_uri, s.url, s.title, s.published_at, s.published_precision, s.outlet,
    s.author, s.text, s.encoding, s.input_format, s.categories, s.tags, s.raw_sha256,
    s.content_hash, s.extractor_version, 1, $run_id, $run_id, now(), now(), s.mojibake_repairs::JSON,
    s.script, s.text_simplified, s.securities
)
