"""Inputs: local files and folders, WARC archives, URL lists, sitemaps and feeds, crawling.

Imports `schemas` and `tasks.web`."""
