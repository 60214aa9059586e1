-- URLs whose fetch failed in a run (default: the latest completed run), to try again.
SELECT DISTINCT source_uri
FROM ops.rejects
WHERE stage = 'fetch'
  AND run_id = coalesce($run_id, (SELECT max(run_id) FROM ops.runs WHERE status = 'completed'))
ORDER BY source_uri
