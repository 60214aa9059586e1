-- 010: runs commit as they go, in load packages. Each package is merged in one transaction whose
-- last row is its ops.loads row (the package's commit marker); the run's ops.runs row is written
-- when the run starts (status running) and kept up to date with every package. A run whose
-- process died keeps status running: `edunews runs` shows it as crashed (its host and pid tell),
-- and the next run on the warehouse merges its complete packages and records it as crashed.
CREATE TABLE ops.loads (
    run_id              VARCHAR     NOT NULL,
    package_no          INTEGER     NOT NULL,
    committed_at        TIMESTAMPTZ NOT NULL,
    n_seen              INTEGER     NOT NULL,
    n_new               INTEGER     NOT NULL,
    n_updated           INTEGER     NOT NULL,
    n_unchanged         INTEGER     NOT NULL,
    n_not_modified      INTEGER     NOT NULL,
    n_duplicate         INTEGER     NOT NULL,
    n_rejected          INTEGER     NOT NULL,
    n_enriched          INTEGER     NOT NULL,
    n_stories           INTEGER     NOT NULL,
    n_requests          INTEGER     NOT NULL,
    n_listing_requests  INTEGER     NOT NULL,
    n_new_page_requests INTEGER     NOT NULL,
    n_recheck_requests  INTEGER     NOT NULL,
    n_responses_304     INTEGER     NOT NULL,
    seconds             DOUBLE      NOT NULL,
    PRIMARY KEY (run_id, package_no)
);
ALTER TABLE ops.runs ADD COLUMN n_packages INTEGER DEFAULT 0;
ALTER TABLE ops.runs ADD COLUMN host VARCHAR;   -- where the run's process ran
ALTER TABLE ops.runs ADD COLUMN pid INTEGER;    -- and its pid: a running run whose process is gone crashed
