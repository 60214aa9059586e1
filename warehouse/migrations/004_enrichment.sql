-- 004: Chinese text understanding. Article columns from extraction (script, Simplified text,
-- securities); enrichment tables (re-runnable from stored articles, versioned); analytics views.
ALTER TABLE core.articles ADD COLUMN script VARCHAR;            -- simplified | traditional | mixed | unknown
ALTER TABLE core.articles ADD COLUMN text_simplified VARCHAR;   -- OpenCC t2s of text, same length
ALTER TABLE core.articles ADD COLUMN securities VARCHAR[];      -- tickers from quote widgets: 002230.SZ
ALTER TABLE core.article_versions ADD COLUMN script VARCHAR;
ALTER TABLE core.article_versions ADD COLUMN text_simplified VARCHAR;
ALTER TABLE core.article_versions ADD COLUMN securities VARCHAR[];
ALTER TABLE ops.runs ADD COLUMN n_enriched INTEGER DEFAULT 0;

CREATE SCHEMA IF NOT EXISTS enrich;
CREATE SCHEMA IF NOT EXISTS analytics;

-- One row per enriched article: which rules (version) ran on which content; search tokens.
CREATE TABLE enrich.articles (
    article_id       VARCHAR PRIMARY KEY,
    content_hash     VARCHAR NOT NULL,   -- the article content it was computed from
    enricher_version VARCHAR NOT NULL,
    tokens           VARCHAR NOT NULL,   -- jieba search tokens (title + Simplified text), space-separated
    run_id           VARCHAR NOT NULL,
    enriched_at      TIMESTAMPTZ NOT NULL
);
-- Real-world actors: organisations, people, places. One id per kind + canonical name.
CREATE TABLE enrich.entities (
    entity_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL        -- company | school | university | edu_bureau | government |
                                      -- research | organisation | other | person | place
);
-- Offsets of mentions and metrics point into title + '\n' + text_simplified.
CREATE TABLE enrich.mentions (
    article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, surface VARCHAR NOT NULL, start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL
);
CREATE TABLE enrich.people (
    article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
    title VARCHAR, affiliation VARCHAR
);
CREATE TABLE enrich.places (
    article_id VARCHAR NOT NULL, province VARCHAR, city VARCHAR, district VARCHAR, adcode VARCHAR,
    surface VARCHAR NOT NULL, mentions INTEGER NOT NULL, is_primary BOOLEAN NOT NULL
);
CREATE TABLE enrich.events (
    article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,       -- sign_agreement | renewal | intent | unveil
    trigger VARCHAR NOT NULL, agreement VARCHAR, agreement_kind VARCHAR,
    event_date VARCHAR,                -- ISO; XXXX for a year the text does not give
    date_precision VARCHAR,            -- day | month | year
    date_source VARCHAR,               -- sentence | article (an earlier date) | publication
    venue VARCHAR, province VARCHAR, city VARCHAR, district VARCHAR, adcode VARCHAR,
    evidence VARCHAR NOT NULL, sentence_index INTEGER NOT NULL, confidence DOUBLE NOT NULL
);
CREATE TABLE enrich.event_parties (
    article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, position INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR NOT NULL
);
CREATE TABLE enrich.event_attendees (
    article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
    title VARCHAR, affiliation VARCHAR,
    role VARCHAR NOT NULL              -- signatory | witness | speaker | attendee
);
CREATE TABLE enrich.metrics (
    article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL, counted VARCHAR, approx BOOLEAN NOT NULL, start_offset INTEGER NOT NULL
);
CREATE TABLE enrich.terms (article_id VARCHAR NOT NULL, term VARCHAR NOT NULL, tf INTEGER NOT NULL);
CREATE TABLE enrich.topics (article_id VARCHAR NOT NULL, topic VARCHAR NOT NULL, hits INTEGER NOT NULL);

-- One row per cooperation event: the table of deals.
CREATE VIEW analytics.partnerships AS
SELECT
    e.article_id, e.event_id, e.event_type, e.event_date, e.date_precision,
    (SELECT list(p.name ORDER BY p.position) FROM enrich.event_parties AS p
      WHERE p.event_id = e.event_id AND p.article_id = e.article_id) AS parties,
    e.agreement, e.agreement_kind, e.venue, e.province, e.city, e.district, e.adcode,
    (SELECT list(concat_ws(' ', t.affiliation, t.title, t.name) || ' (' || t.role || ')')
       FROM enrich.event_attendees AS t
      WHERE t.event_id = e.event_id AND t.article_id = e.article_id) AS attendees,
    e.confidence, e.evidence, a.title, a.url, a.published_at, a.outlet
FROM enrich.events AS e
JOIN core.articles AS a USING (article_id);

CREATE VIEW analytics.people AS
SELECT p.article_id, p.name, p.title, p.affiliation, p.entity_id,
       a.title AS article_title, a.published_at
FROM enrich.people AS p
JOIN core.articles AS a USING (article_id);

CREATE VIEW analytics.places AS
SELECT article_id, province, city, district, adcode, mentions, is_primary, surface
FROM enrich.places;

-- Every entity by day: when each actor appears in the news, and in which events.
CREATE VIEW analytics.entity_timeline AS
SELECT
    m.entity_id, m.name, m.kind,
    timezone('Asia/Shanghai', a.published_at)::DATE AS day,
    m.article_id, a.title, count(*) AS mentions,
    (SELECT count(*) FROM enrich.event_parties AS p
      WHERE p.article_id = m.article_id AND p.entity_id = m.entity_id) AS events
FROM enrich.mentions AS m
JOIN core.articles AS a USING (article_id)
GROUP BY ALL;

-- TF-IDF keywords over the whole warehouse (smoothed idf), top 20 per article.
CREATE VIEW analytics.keywords AS
WITH df AS (SELECT term, count(*) AS df FROM enrich.terms GROUP BY term),
     n AS (SELECT count(DISTINCT article_id) AS n FROM enrich.terms)
SELECT t.article_id, t.term, t.tf, round(t.tf * (ln((1 + n.n) / (1 + df.df)) + 1), 4) AS tfidf
FROM enrich.terms AS t JOIN df USING (term) CROSS JOIN n
QUALIFY row_number() OVER (PARTITION BY t.article_id ORDER BY tfidf DESC, t.term) <= 20;

CREATE VIEW analytics.metrics AS
SELECT article_id, text, value, unit, counted, approx FROM enrich.metrics;

CREATE VIEW analytics.topics AS
SELECT article_id, topic, hits FROM enrich.topics;
