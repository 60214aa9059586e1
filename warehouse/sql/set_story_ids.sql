-- Each group of linked articles (story_groups: article_id, grp) is one story, named after its
-- earliest copy: by publication time (undated last), then first seen, then id. Returns how many
-- articles changed story.
UPDATE core.articles AS a
SET story_id = r.story_id
FROM (
    SELECT
        g.article_id,
        first_value(g.article_id) OVER (
            PARTITION BY g.grp ORDER BY c.published_at NULLS LAST, c.created_at, g.article_id
        ) AS story_id
    FROM story_groups AS g
    JOIN core.articles AS c USING (article_id)
) AS r
WHERE a.article_id = r.article_id AND a.story_id IS DISTINCT FROM r.story_id
