-- Every stored article, for a warehouse from before migration 007: none is signed yet (before
-- migration 004 there is no Simplified text either; the caller converts it then).
SELECT * FROM core.articles ORDER BY article_id
