-- Written last, in the same transaction as the run's data: its presence marks the run committed.
-- $run is RunSummary.runs_row() as a struct; its fields are the columns, matched by name.
INSERT INTO ops.runs BY NAME
SELECT unnest($run)
