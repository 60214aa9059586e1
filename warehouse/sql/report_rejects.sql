-- Rejects by reason, per run, for the run history.
SELECT
    r.run_id, strftime(timezone('Asia/Shanghai', r.started_at), '%Y-%m-%d %H:%M:%S') AS started,
    j.reason, count(*) AS rejects
FROM ops.rejects AS j
JOIN ops.runs AS r USING (run_id)
WHERE $since IS NULL OR timezone('Asia/Shanghai', r.started_at)::DATE >= $since
GROUP BY ALL
ORDER BY started, j.reason;
