-- The package's payloads not kept yet, each with the first payloads spool file that holds it;
-- warehouse/raw.py fills in payload_file once it has put that file under the raw folder.
-- Only the sha256 column is read: the bytes stay in the files the batches wrote.
CREATE OR REPLACE TEMP TABLE stage_payloads AS
SELECT p.sha256, min(p.filename) AS spool_file, NULL::VARCHAR AS payload_file
FROM read_parquet($files, filename = true) AS p
WHERE p.sha256 NOT IN (SELECT d.sha256 FROM raw.documents AS d WHERE d.payload_file IS NOT NULL)
GROUP BY p.sha256
