"""Batch tasks: one Prefect task run per batch, taking inputs through the stages into the spool.

The only package that composes the stages; flows call these tasks and the loader."""
