-- What the run's spool holds: inputs that became articles, rejects, and 304-unchanged pages.
SELECT
    (SELECT count(*) FROM read_parquet($articles))     AS n_article_inputs,
    (SELECT count(*) FROM read_parquet($rejects))      AS n_rejected,
    (SELECT count(*) FROM read_parquet($not_modified)) AS n_not_modified
