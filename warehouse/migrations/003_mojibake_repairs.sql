-- 003: repairs of misaligned-GBK mojibake made to an article's text (offsets into the decoded text).
ALTER TABLE core.articles ADD COLUMN mojibake_repairs JSON;
ALTER TABLE core.article_versions ADD COLUMN mojibake_repairs JSON;
