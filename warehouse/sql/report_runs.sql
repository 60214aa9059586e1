-- The run history: the articles each run stored, by outcome (`edunews runs` in long form).
WITH runs AS (
    SELECT * FROM ops.runs
    WHERE $since IS NULL OR timezone('Asia/Shanghai', started_at)::DATE >= $since
)
SELECT
    run_id, flow, status,
    strftime(timezone('Asia/Shanghai', started_at), '%Y-%m-%d %H:%M:%S') AS started,
    outcome, articles
FROM runs
UNPIVOT (articles FOR outcome IN (n_new AS 'new', n_updated AS 'updated',
                                  n_unchanged AS 'unchanged', n_rejected AS 'rejected'))
ORDER BY started, run_id, outcome;
