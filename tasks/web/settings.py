"""The HTTP client's settings: timeouts, retries, limits and politeness, in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FetchSettings:
    """Settings for the fetch stage."""

    user_agent: str = "edunews/0.1 (news research ETL; +https://example.invalid/edunews)"
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # longest silence between two reads of one response
    total_timeout: float = 120.0  # longest one attempt may take (a server dripping bytes)
    max_attempts: int = 4  # 1 try + 3 retries, per URL of a redirect chain
    backoff_base: float = 0.5  # retry n waits uniform(0, min(backoff_max, base * 2**(n-1)))
    backoff_max: float = 30.0
    max_retry_after: float = 60.0  # Retry-After (seconds or HTTP-date) is honoured up to this
    max_redirects: int = 5
    max_bytes: int = 20 * 1024 * 1024  # after decompression (gzip bombs)
    allowed_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/x-gzip",
        "application/gzip",
    )
    per_host_delay: float = 1.0  # min seconds between request starts to one host
    per_host_concurrency: int = 2
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay above per_host_delay, capped
    obey_robots: bool = True
    allow_private: bool = False  # loopback/private/link-local/reserved refused unless True

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.per_host_concurrency < 1 or self.max_redirects < 0:
            raise ValueError(
                "max_attempts and per_host_concurrency must be >= 1, max_redirects >= 0"
            )

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against, e.g. ``'edunews'``."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"
