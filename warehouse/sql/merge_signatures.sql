-- Replace the signatures of the staged articles (stage_signatures.sql).
DELETE FROM core.article_signatures WHERE article_id IN (SELECT article_id FROM stage_signatures);
INSERT INTO core.article_signatures BY NAME
SELECT *, $run_id AS run_id FROM stage_signatures;
