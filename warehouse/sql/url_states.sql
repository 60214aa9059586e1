-- The crawl state of every URL fetched or seen listed (what a run plans with).
SELECT * FROM ops.url_state
