"""DuckDB warehouse: migrations, views, and the one adapter that owns connections."""
