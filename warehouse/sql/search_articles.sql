-- `edunews search`: the analytics.search macro (create_search_macro.sql) with the command's options.
SELECT article_id, title, outlet, published_at, score, snippet
FROM analytics.search($query, since := $since, outlets := $outlets, max_results := $limit)
