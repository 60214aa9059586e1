-- The run's new crawl states replace the stored ones (one row per URL; a URL in two spool
-- files keeps the fetch's state over the plan's sighting).
INSERT OR REPLACE INTO ops.url_state BY NAME
SELECT * EXCLUDE (filename)
FROM read_parquet($files, filename = true)
QUALIFY row_number() OVER (
    PARTITION BY url ORDER BY filename LIKE '%/plan.url_state.parquet', filename DESC
) = 1
