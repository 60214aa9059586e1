-- 001: raw documents, articles with versions and sources, run bookkeeping and rejects.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS ops;

-- Every payload as received. One row per (source, content): re-reading identical bytes adds nothing.
CREATE TABLE raw.documents (
    source_uri   VARCHAR     NOT NULL,
    sha256       VARCHAR     NOT NULL,
    size         BIGINT      NOT NULL,
    content      BLOB,                   -- the bytes; a head sample when is_complete is false
    is_complete  BOOLEAN     NOT NULL,
    headers      JSON,
    fetched_at   TIMESTAMPTZ NOT NULL,
    encoding        VARCHAR,             -- codec the text was decoded with (NULL: not decoded)
    encoding_source VARCHAR,             -- bom | http | meta | utf-8 | detected | fallback
    declared_encoding VARCHAR,           -- what the HTTP header or page claimed, if anything
    replaced_chars  INTEGER,             -- undecodable bytes replaced by U+FFFD
    run_id       VARCHAR     NOT NULL,
    PRIMARY KEY (source_uri, sha256)
);

-- One row per article; the current version.
CREATE TABLE core.articles (
    article_id          VARCHAR     PRIMARY KEY,
    source_uri          VARCHAR     NOT NULL,   -- file path or URL it came from
    url                 VARCHAR,                -- the article's own URL when known
    title               VARCHAR,
    published_at        TIMESTAMPTZ,
    published_precision VARCHAR,                -- second | minute | day
    outlet              VARCHAR,
    author              VARCHAR,
    text                VARCHAR     NOT NULL,   -- original text, never normalised
    encoding            VARCHAR     NOT NULL,
    input_format        VARCHAR     NOT NULL,   -- html | jekyll | text
    categories          VARCHAR[],
    tags                VARCHAR[],
    raw_sha256          VARCHAR     NOT NULL,
    content_hash        VARCHAR     NOT NULL,
    extractor_version   VARCHAR     NOT NULL,
    version             INTEGER     NOT NULL,
    first_run_id        VARCHAR     NOT NULL,
    run_id              VARCHAR     NOT NULL,   -- the run that last wrote this row
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Earlier versions of changed articles, written when a newer version replaces them.
CREATE TABLE core.article_versions (
    article_id          VARCHAR     NOT NULL,
    version             INTEGER     NOT NULL,
    source_uri          VARCHAR     NOT NULL,
    url                 VARCHAR,
    title               VARCHAR,
    published_at        TIMESTAMPTZ,
    published_precision VARCHAR,
    outlet              VARCHAR,
    author              VARCHAR,
    text                VARCHAR     NOT NULL,
    encoding            VARCHAR     NOT NULL,
    input_format        VARCHAR     NOT NULL,
    categories          VARCHAR[],
    tags                VARCHAR[],
    raw_sha256          VARCHAR     NOT NULL,
    content_hash        VARCHAR     NOT NULL,
    extractor_version   VARCHAR     NOT NULL,
    run_id              VARCHAR     NOT NULL,   -- the run that wrote this version
    valid_from          TIMESTAMPTZ NOT NULL,
    valid_to            TIMESTAMPTZ NOT NULL,
    superseded_by_run   VARCHAR     NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- Which inputs yielded which article (two copies of one article are one article, two sources).
CREATE TABLE core.article_sources (
    source_uri  VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    raw_sha256  VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL
);

CREATE TABLE ops.runs (
    run_id             VARCHAR PRIMARY KEY,
    flow               VARCHAR     NOT NULL,
    status             VARCHAR     NOT NULL,
    started_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ NOT NULL,
    n_seen             INTEGER     NOT NULL,   -- inputs read
    n_new              INTEGER     NOT NULL,
    n_updated          INTEGER     NOT NULL,
    n_unchanged        INTEGER     NOT NULL,
    n_duplicate        INTEGER     NOT NULL,   -- inputs that repeat another input's article in this run
    n_rejected         INTEGER     NOT NULL,
    seconds_process    DOUBLE      NOT NULL,
    seconds_load       DOUBLE      NOT NULL,
    sources            VARCHAR[],
    prefect_flow_run_id VARCHAR,
    error              VARCHAR
);

CREATE TABLE ops.rejects (
    run_id      VARCHAR     NOT NULL,
    source_uri  VARCHAR     NOT NULL,
    raw_sha256  VARCHAR,                -- key into raw.documents (with source_uri); NULL if unreadable
    stage       VARCHAR     NOT NULL,   -- fetch | read | decode | extract | validate
    reason      VARCHAR     NOT NULL,   -- closed vocabulary, see schemas/reject.py
    detail      VARCHAR     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
