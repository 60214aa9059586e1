-- Known pages whose recheck or retry is due: what a refresh fetches.
SELECT url FROM ops.url_state
WHERE kind = 'page' AND next_check_at <= $now
ORDER BY url
