-- The run's ops.runs row: written when the run starts, after each package and at the end.
-- $run is RunSummary.runs_row() as a struct; its fields are the columns, matched by name.
INSERT OR REPLACE INTO ops.runs BY NAME
SELECT unnest($run)
