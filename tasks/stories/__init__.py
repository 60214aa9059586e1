"""Stories: the MinHash signature of an article's body and its LSH band keys, with which the loader
finds the copies of one story that several outlets reposted (tasks/load/stories.py).

Imports `schemas` and nothing else of `tasks`."""
