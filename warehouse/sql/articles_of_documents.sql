-- The articles of named documents, found by the file name of any source an article came from.
SELECT doc, article_id
FROM (
    SELECT regexp_extract(rtrim(source_uri, '/'), '[^/]*$') AS doc, article_id
    FROM (
        SELECT source_uri, article_id FROM core.article_sources
        UNION
        SELECT source_uri, article_id FROM core.articles
    )
)
WHERE list_contains($docs, doc)
