-- 008: crawl state per URL (pages and listings), the freshness of new articles, and the
-- run's request counts. Numbered 008 beside a 007 of another branch: migrate() applies every
-- version not yet recorded, in order, so either may land first.
CREATE TABLE ops.url_state (
    url                  VARCHAR     PRIMARY KEY,
    kind                 VARCHAR     NOT NULL,   -- page | listing
    status               VARCHAR     NOT NULL,   -- ok | retrying | given_up | failed
    listed_in            VARCHAR,                -- the listing that named it last
    first_seen_at        TIMESTAMPTZ,            -- first seen in a listing
    last_seen_at         TIMESTAMPTZ,            -- last seen in a listing
    listed_modified_at   TIMESTAMPTZ,            -- lastmod / pubDate / updated, when last seen
    fetched_modified_at  TIMESTAMPTZ,            -- the listing's date for it at its last fetch
    etag                 VARCHAR,
    last_modified        VARCHAR,
    last_fetched_at      TIMESTAMPTZ,            -- last answered (2xx or 304)
    checks               INTEGER     NOT NULL,   -- rechecks since the last fetch a listing asked for
    next_check_at        TIMESTAMPTZ,            -- NULL: never again by itself
    failures             INTEGER     NOT NULL,   -- consecutive failed tries
    last_error           VARCHAR,
    last_new_at          TIMESTAMPTZ,            -- listings: last poll that brought a new item
    poll_seconds         DOUBLE                  -- listings: the current poll interval
);

-- Pages stored before this migration are known: fetched once, no recheck due.
INSERT INTO ops.url_state (url, kind, status, etag, last_modified, last_fetched_at, checks, failures)
SELECT d.source_uri, 'page', 'ok',
       json_extract_string(any_value(d.headers), '$.etag'),
       json_extract_string(any_value(d.headers), '$."last-modified"'),
       max(d.fetched_at), 0, 0
FROM core.articles AS a
JOIN raw.documents AS d ON d.source_uri = a.source_uri AND d.sha256 = a.raw_sha256
WHERE a.source_uri LIKE 'http%'
GROUP BY d.source_uri;

-- One row per new article of a run: from its first appearance to its commit.
CREATE TABLE ops.freshness (
    run_id        VARCHAR     NOT NULL,
    article_id    VARCHAR     NOT NULL,
    url           VARCHAR     NOT NULL,
    source        VARCHAR     NOT NULL,   -- the host
    appeared_at   TIMESTAMPTZ NOT NULL,   -- first seen in a listing, or its lastmod/publication if earlier
    committed_at  TIMESTAMPTZ NOT NULL,
    seconds       DOUBLE      NOT NULL
);

ALTER TABLE ops.runs ADD COLUMN n_requests INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN n_listing_requests INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN n_new_page_requests INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN n_recheck_requests INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN n_responses_304 INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN freshness_p50_seconds DOUBLE;
ALTER TABLE ops.runs ADD COLUMN freshness_p95_seconds DOUBLE;

CREATE SCHEMA IF NOT EXISTS analytics;
CREATE VIEW analytics.freshness AS
SELECT
    source,
    CAST(timezone('Asia/Shanghai', committed_at) AS DATE) AS day,
    count(*)                                               AS n_new,
    quantile_cont(seconds, 0.5)                            AS p50_seconds,
    quantile_cont(seconds, 0.95)                           AS p95_seconds,
    max(seconds)                                           AS max_seconds
FROM ops.freshness
GROUP BY ALL;
