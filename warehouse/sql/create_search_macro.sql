-- analytics.search(query [, since, outlets, max_results]): articles ranked by BM25 (any word may
-- match; more and rarer words rank higher), with a snippet around the first match, words in «».
-- query: words separated by spaces, as jieba segments them (`edunews search` does that).
-- Created with the index, not in a migration: the macro needs the index schema to exist.
-- The scores are the fts extension's match_bm25 (k 1.2, b 0.75, its log and tokenizer), computed
-- from the index tables for the matching articles only: querying needs no extension loaded.
CREATE OR REPLACE MACRO analytics.search(query, since := NULL, outlets := NULL, max_results := 20)
AS TABLE
WITH query_terms AS (  -- the index's own tokenizer (fts_enrich_articles.tokenize), without stem()
    SELECT DISTINCT d.termid, d.df
    FROM unnest(string_split_regex(regexp_replace(lower(query), '[\s\p{P}]+', ' ', 'g'), '\s+'))
         AS q(term)
    JOIN fts_enrich_articles.dict AS d USING (term)
),
term_counts AS (
    SELECT t.docid, t.termid, q.df, count(*) AS tf
    FROM fts_enrich_articles.terms AS t
    JOIN query_terms AS q USING (termid)
    GROUP BY t.docid, t.termid, q.df
),
ranked AS (
    SELECT
        docs.name AS article_id,
        sum(
            log((stats.num_docs - c.df + 0.5) / (c.df + 0.5) + 1)
            * (c.tf * (1.2 + 1)) / (c.tf + 1.2 * (1 - 0.75 + 0.75 * (docs.len / stats.avgdl)))
        ) AS score
    FROM term_counts AS c
    JOIN fts_enrich_articles.docs AS docs USING (docid), fts_enrich_articles.stats AS stats
    GROUP BY docs.name
),
top AS (  -- the best max_results first; the texts are read for these only
    SELECT r.article_id, r.score, a.published_at
    FROM ranked AS r
    JOIN core.articles AS a USING (article_id)
    WHERE (since IS NULL
           OR CAST(a.published_at AT TIME ZONE 'Asia/Shanghai' AS DATE) >= CAST(since AS DATE))
      AND (outlets IS NULL OR list_contains(outlets, a.outlet))
    ORDER BY r.score DESC, a.published_at DESC NULLS LAST, r.article_id
    LIMIT max_results
),
hits AS (
    SELECT
        a.article_id, a.title, a.outlet, a.published_at, t.score,
        coalesce(a.text_simplified, a.text) AS body
    FROM top AS t
    JOIN core.articles AS a USING (article_id)
),
words AS (  -- the query's words, longest first, so that 科大讯飞 is marked before 讯飞
    SELECT coalesce(list(w ORDER BY length(w) DESC), []) AS words
    FROM unnest(string_split_regex(lower(query), '[\s\p{P}]+')) AS t(w)
    WHERE w <> ''
),
placed AS (
    SELECT
        h.*,
        greatest(1, coalesce(list_min(list_filter(
            list_transform(words.words, w -> instr(lower(h.body), w)), p -> p > 0)), 1) - 30
        ) AS snippet_start,
        '(?i)(' || array_to_string(list_transform(words.words, w -> regexp_escape(w)), '|') || ')'
            AS pattern
    FROM hits AS h, words
)
SELECT
    article_id, title, outlet, published_at, round(score, 4) AS score,
    (CASE WHEN snippet_start > 1 THEN '…' ELSE '' END)
    || regexp_replace(
        regexp_replace(substr(body, snippet_start, 100), '\s+', ' ', 'g'), pattern, '«\1»', 'g'
    )
    || (CASE WHEN snippet_start + 100 <= length(body) THEN '…' ELSE '' END) AS snippet
FROM placed
ORDER BY placed.score DESC, placed.published_at DESC NULLS LAST, placed.article_id;
