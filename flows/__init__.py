"""Prefect flows: compose tasks, batch the work, report. No parsing logic here."""
