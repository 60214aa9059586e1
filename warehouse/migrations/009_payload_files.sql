-- 009: the bytes of every payload move out of DuckDB into zstd Parquet files beside it
-- (raw/<run_id>.parquet: sha256, content); raw.documents keeps the metadata and which file holds
-- the bytes. warehouse/raw.py (move_inline_payloads, run by migrate after the migrations) moves
-- existing bytes out and drops `content`.
ALTER TABLE raw.documents ADD COLUMN payload_file VARCHAR;  -- relative to the warehouse's folder
