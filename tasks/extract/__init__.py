"""Text to a validated Article: input formats, HTML pages and their metadata, front matter,
plain-text pages, publication dates, bylines and outlets, securities.

Imports `schemas`, `tasks.sources` (URL helpers) and `tasks.decode`."""
