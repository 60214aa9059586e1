"""Loading: spool rows and files (one Parquet file per table and batch, schemas derived from the
models in `schemas`), the merge of a run's spool into the warehouse, and the run report (Prefect
artifacts).

Imports `schemas`, `warehouse` and nothing else of `tasks`."""
