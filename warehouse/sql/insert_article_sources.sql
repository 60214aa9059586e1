-- Record which input yielded which article (every input, duplicates included).
INSERT INTO core.article_sources BY NAME
SELECT source_uri, article_id, raw_sha256, $run_id AS run_id
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY source_uri ORDER BY raw_sha256) = 1
ON CONFLICT (source_uri) DO UPDATE SET
    article_id = excluded.article_id, raw_sha256 = excluded.raw_sha256, run_id = excluded.run_id
WHERE core.article_sources.raw_sha256 <> excluded.raw_sha256
   OR core.article_sources.article_id <> excluded.article_id
