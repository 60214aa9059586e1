-- Pairs (a signed by this load, b stored) that share an LSH band key and agree on at least
-- $threshold of their MinHash values: an estimate of the Jaccard similarity of their bodies.
WITH staged AS (
    SELECT article_id, unnest(bands) AS key FROM stage_signatures
),
stored AS (
    SELECT article_id, unnest(bands) AS key FROM core.article_signatures
),
pairs AS (
    SELECT DISTINCT s.article_id AS a, t.article_id AS b
    FROM staged AS s JOIN stored AS t USING (key)
    WHERE s.article_id <> t.article_id
)
SELECT p.a, p.b
FROM pairs AS p
JOIN core.article_signatures AS x ON x.article_id = p.a
JOIN core.article_signatures AS y ON y.article_id = p.b
WHERE len(list_filter(list_zip(x.minhash, y.minhash), v -> v[1] = v[2]))
      >= $threshold * len(x.minhash)
