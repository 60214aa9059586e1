-- Whether the full-text index and its search macro exist (built by the first load after 006).
SELECT count(*) = 1
FROM duckdb_functions()
WHERE database_name = current_database() AND schema_name = 'analytics'
  AND function_name = 'search'
