"""HTTP client: one GET, retry policy, redirects, robots.txt, URL guard, per-host politeness.

Imports only `schemas`."""
