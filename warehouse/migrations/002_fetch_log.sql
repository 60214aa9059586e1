-- 002: every HTTP request made while fetching (pages, listings, robots.txt).
CREATE TABLE ops.fetch_log (
    run_id         VARCHAR     NOT NULL,
    requested_url  VARCHAR     NOT NULL,   -- the URL the run asked for
    url            VARCHAR     NOT NULL,   -- the URL of this request (a redirect hop, robots.txt)
    kind           VARCHAR     NOT NULL,   -- page | robots
    attempt        INTEGER     NOT NULL,   -- 1-based over retries and redirect hops
    status         INTEGER,                -- NULL when no response arrived
    bytes          BIGINT      NOT NULL,   -- body bytes after decompression
    elapsed        DOUBLE      NOT NULL,   -- seconds
    error          VARCHAR,
    fetched_at     TIMESTAMPTZ NOT NULL
);
ALTER TABLE ops.runs ADD COLUMN n_not_modified INTEGER DEFAULT 0;
