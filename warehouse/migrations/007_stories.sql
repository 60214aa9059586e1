-- 007: stories. Copies of one story (reposted by other outlets, with their own header and footer
-- or small edits) share a story_id: the article id of the earliest copy. Signatures are kept so a
-- copy loaded later joins its story. The load signs articles that have no signature yet (those of
-- a warehouse made before 007) and assigns their stories (tasks/load/stories.py).
ALTER TABLE core.articles ADD COLUMN story_id VARCHAR;   -- NULL until the next load signs it
ALTER TABLE core.article_versions ADD COLUMN story_id VARCHAR;   -- the story when archived

-- One row per article: the MinHash of its body (tasks/stories/signature.py) and its LSH band keys.
CREATE TABLE core.article_signatures (
    article_id     VARCHAR   PRIMARY KEY,
    content_hash   VARCHAR   NOT NULL,   -- the article content it was computed from
    signer_version VARCHAR   NOT NULL,
    n_shingles     INTEGER   NOT NULL,   -- 0: body too short to compare; its own story
    minhash        BIGINT[]  NOT NULL,
    bands          BIGINT[]  NOT NULL,
    run_id         VARCHAR   NOT NULL
);

-- One row per story: its copies and the outlets that carried it.
CREATE VIEW analytics.stories AS
WITH copies AS (
    SELECT coalesce(story_id, article_id) AS story_id, article_id, outlet, published_at, created_at
    FROM core.articles
)
SELECT
    c.story_id,
    s.title,
    s.published_at AS first_published,
    min(c.created_at) AS first_seen,
    max(c.published_at) AS last_published,
    count(*) AS copies,
    list_sort(list_distinct(list(c.outlet))) AS outlets,
    list(c.article_id ORDER BY c.published_at NULLS LAST, c.created_at, c.article_id) AS article_ids
FROM copies AS c
JOIN core.articles AS s ON s.article_id = c.story_id
GROUP BY c.story_id, s.title, s.published_at;

-- One row per cooperation event per article that reports it (copies of a story: one row each).
CREATE VIEW analytics.partnerships_by_article AS
SELECT
    e.article_id, e.event_id, e.event_type, e.event_date, e.date_precision,
    (SELECT list(p.name ORDER BY p.position) FROM enrich.event_parties AS p
      WHERE p.event_id = e.event_id AND p.article_id = e.article_id) AS parties,
    e.agreement, e.agreement_kind, e.venue, e.province, e.city, e.district, e.adcode,
    (SELECT list(concat_ws(' ', t.affiliation, t.title, t.name) || ' (' || t.role || ')')
       FROM enrich.event_attendees AS t
      WHERE t.event_id = e.event_id AND t.article_id = e.article_id) AS attendees,
    e.confidence, e.evidence, a.title, a.url, a.published_at, a.outlet,
    coalesce(a.story_id, a.article_id) AS story_id
FROM enrich.events AS e
JOIN core.articles AS a USING (article_id);

-- One row per cooperation event per story: the deal as the story's earliest copy reports it,
-- with how many copies report it and their outlets. A deal is its type, parties and agreement.
DROP VIEW analytics.partnerships;
CREATE VIEW analytics.partnerships AS
WITH reports AS (
    SELECT *, list_sort(parties) AS deal_parties FROM analytics.partnerships_by_article
),
deals AS (
    SELECT
        story_id, event_type, deal_parties, agreement,
        count(DISTINCT article_id) AS copies,
        list_sort(list_distinct(list(outlet))) AS outlets
    FROM reports
    GROUP BY ALL
)
SELECT r.* EXCLUDE (deal_parties), d.copies, d.outlets
FROM reports AS r
JOIN deals AS d
  ON d.story_id = r.story_id AND d.event_type = r.event_type
 AND d.deal_parties = r.deal_parties AND d.agreement IS NOT DISTINCT FROM r.agreement
QUALIFY row_number() OVER (
    PARTITION BY r.story_id, r.event_type, r.deal_parties, r.agreement
    ORDER BY r.article_id <> r.story_id, r.published_at NULLS LAST, r.article_id
) = 1;
