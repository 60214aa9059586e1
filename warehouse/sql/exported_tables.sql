-- The tables and views `edunews export` writes: those of the given schemas, by schema and name
-- (the search index's own tables live in fts_enrich_articles and are not exported).
SELECT schema_name, table_name
FROM (
    SELECT schema_name, table_name, database_name FROM duckdb_tables()
    UNION ALL
    SELECT schema_name, view_name, database_name FROM duckdb_views() WHERE NOT internal
)
WHERE database_name = current_database() AND list_contains($schemas, schema_name)
ORDER BY schema_name, table_name
