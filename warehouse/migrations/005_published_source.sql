-- 005: where each article's publication date was found (schemas/article.py PublishedSource):
-- meta | jsonld | time_element | front_matter | header_line | text_line | page_top | url.
-- Rows stored before this migration keep NULL: their source was not recorded.
ALTER TABLE core.articles ADD COLUMN published_source VARCHAR;
ALTER TABLE core.article_versions ADD COLUMN published_source VARCHAR;
