"""Batch tasks: one Prefect task run per batch, taking inputs through the stages into the spool.

The only package that composes the stages; flows call these tasks and the loader. The batch
functions (processing, enriching, signing) and the process pool (pool) are Prefect-free, so that
spawned pool workers never import Prefect; process, enrich and sign wrap them as thin tasks."""
