-- The rejected inputs of a run (default: the latest completed run), by source (`edunews rejects`).
SELECT run_id, source_uri, stage, reason, detail
FROM ops.rejects
WHERE run_id = coalesce($run_id, (SELECT max(run_id) FROM ops.runs WHERE status = 'completed'))
ORDER BY source_uri
LIMIT $limit
