-- Replace the enrich.* rows of every staged enrichment (stage_enrichments.sql): new articles,
-- changed content, or newer rules. Each $enrich_<table> names that table's spool files; columns
-- match by name. Run statement by statement (warehouse.db.execute_script).

DELETE FROM enrich.mentions WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.mentions BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_mentions)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.people WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.people BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_people)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.places WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.places BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_places)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.events WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.events BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_events)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.event_parties WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.event_parties BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_event_parties)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.event_attendees WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.event_attendees BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_event_attendees)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.metrics WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.metrics BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_metrics)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.terms WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.terms BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_terms)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.topics WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.topics BY NAME
SELECT DISTINCT * FROM read_parquet($enrich_topics)
WHERE article_id IN (SELECT article_id FROM stage_enrichments);

DELETE FROM enrich.articles WHERE article_id IN (SELECT article_id FROM stage_enrichments);
INSERT INTO enrich.articles BY NAME
SELECT *, $run_id AS run_id, now() AS enriched_at FROM stage_enrichments;
