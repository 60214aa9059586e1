-- A package's commit marker, written last in its transaction. $load is PackageSummary as a struct.
INSERT INTO ops.loads BY NAME
SELECT unnest($load)
