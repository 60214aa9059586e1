"""The pipeline's work: one module per stage, plain functions wrapped by thin Prefect tasks."""
