-- New real-world actors named by this run's enrichments (ids are kind + canonical name).
INSERT OR IGNORE INTO enrich.entities BY NAME
SELECT DISTINCT entity_id, name, kind FROM (
    SELECT entity_id, name, kind FROM enrich.mentions
    WHERE article_id IN (SELECT article_id FROM stage_enrichments)
    UNION ALL
    SELECT entity_id, name, kind FROM enrich.event_parties
    WHERE article_id IN (SELECT article_id FROM stage_enrichments)
)
QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY name) = 1
