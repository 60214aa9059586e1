"""Crawling a generated news site of thousands of pages (tests/newssite.py) on 127.0.0.1:
what is new is fetched once, what is unchanged is not asked for, a later lastmod refetches its
page, failing pages are retried by later runs until given up, and freshness is measured."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from edunews.cli import app
from flows.ingest import ingest
from schemas import RunSummary
from tasks.web.client import FetchSettings
from tests.httpserver import Server
from tests.newssite import NewsSite

pytestmark = pytest.mark.usefixtures("prefect_harness")

FAST = FetchSettings(
    per_host_delay=0.0,
    backoff_base=0.01,
    backoff_max=0.05,
    read_timeout=5.0,
    connect_timeout=5.0,
    max_attempts=1,
)
MINUTE = timedelta(minutes=1)


def crawl(site: NewsSite, db: Path, minutes: float, *, force: bool = False) -> RunSummary:
    """Ingest the site's sitemap and feed as if `minutes` after the site's start."""
    return ingest(
        sources=[site.sitemap, site.feed],
        db_path=str(db),
        allow_private=True,
        fetch=FAST,
        enrich=False,
        force=force,
        now=site.start + minutes * MINUTE,
    )


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_site_of_thousands_of_pages_is_crawled_by_what_is_new(server: Server, tmp_path):
    site = NewsSite(server, 2000)
    db = tmp_path / "w.duckdb"

    first = crawl(site, db, 0)
    assert sorted(site.page_hits()) == sorted(a.path for a in site.articles)  # each once
    assert (first.n_new, first.n_rejected, first.n_new_page_requests) == (2000, 0, 2000)
    assert (first.n_listing_requests, first.n_requests) == (2, 2003)  # robots.txt once a run

    hits = len(server.paths())
    second = crawl(site, db, 5, force=True)  # listings polled though not due: both 304
    assert site.page_hits(hits) == []  # not one article page requested (robots.txt was)
    assert (second.n_listing_requests, second.n_responses_304, second.n_requests) == (2, 2, 3)
    assert (second.n_seen, second.n_new) == (0, 0)

    added = site.add(20, site.start + 10 * MINUTE)
    revised = site.revise(7, site.start + 10 * MINUTE)
    hits = len(server.paths())
    third = crawl(site, db, 20, force=True)
    assert sorted(site.page_hits(hits)) == sorted([a.path for a in added] + [revised.path])
    assert (third.n_new, third.n_updated, third.n_new_page_requests) == (20, 1, 20)
    assert third.n_recheck_requests == 1  # the lastmod bump of article 7, nothing else
    assert query(db, "SELECT count(*) FROM core.articles")[0][0] == 2020
    assert query(db, f"SELECT version FROM core.articles WHERE url = '{site.url(revised)}'") == [
        (2,)
    ]

    # Freshness: each new article was dated 10 minutes before the run that found it.
    seconds = [
        s
        for (s,) in query(db, f"SELECT seconds FROM ops.freshness WHERE run_id = '{third.run_id}'")
    ]
    assert len(seconds) == 20 and all(600 <= s < 600 + 300 for s in seconds)
    assert third.freshness_p50_seconds is not None and 600 <= third.freshness_p50_seconds < 900
    # By source and day: run 1's oldest article was published 2,000 minutes before it.
    [(n_new, oldest)] = query(
        db,
        "SELECT sum(n_new), max(max_seconds) FROM analytics.freshness WHERE source = '127.0.0.1'",
    )
    assert n_new == 2020 and 2000 * 60 <= oldest < 2000 * 60 + 300

    result = CliRunner().invoke(app, ["sources", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.strip().splitlines()
    assert header.startswith("url,status,last_fetched_at,last_new_at,next_due")
    assert sorted(line.split(",")[0] for line in lines) == [site.feed, site.sitemap]


def test_a_failing_page_is_retried_by_later_runs_then_given_up(server: Server, tmp_path):
    site = NewsSite(server, 30)
    site.fail(3, 503)
    site.fail(4, 404)
    db = tmp_path / "w.duckdb"
    flaky, gone = site.url(site.articles[3]), site.url(site.articles[4])
    day = 24 * 60

    first = crawl(site, db, 0)
    assert (first.n_new, first.n_rejected) == (28, 2)
    tried_at = []
    for minutes in (90, day + 1, day + 90, 5 * day + 1, 30 * day):
        hits = len(server.paths())
        crawl(site, db, minutes, force=True)
        if site.articles[3].path in site.page_hits(hits):
            tried_at.append(minutes)
        assert site.articles[4].path not in site.page_hits(hits)  # a 404 is never retried
    assert tried_at == [day + 1, 5 * day + 1]  # 3 tries in all, within 5 days
    states = dict(query(db, "SELECT url, status FROM ops.url_state WHERE kind = 'page'"))
    assert (states[flaky], states[gone]) == ("given_up", "failed")

    site.server.route(site.articles[3].path, *server.routes[site.articles[0].path])
    result = CliRunner().invoke(
        app, ["rejects", "--retry", "--allow-private", "--db", str(db), "--run", first.run_id]
    )
    assert result.exit_code == 0, result.output  # given up, but still retried by hand
    assert query(db, f"SELECT count(*) FROM core.articles WHERE url = '{flaky}'") == [(1,)]


def test_pages_are_rechecked_when_the_policy_says_only(server: Server, tmp_path):
    site = NewsSite(server, 25)
    db = tmp_path / "w.duckdb"
    crawl(site, db, 0)
    checked = {}
    second, third = 61 + 6 * 60 + 1, 61 + 6 * 60 + 1 + 24 * 60 + 1
    for minutes in (30, 61, 300, second, third):
        hits = len(server.paths())
        run = crawl(site, db, minutes)
        checked[minutes] = (len(site.page_hits(hits)), run.n_responses_304 - run.n_listing_requests)
    # 1 h after the fetch, 6 h after that, then 24 h: all 25 pages, each a conditional GET (304)
    assert checked == {30: (0, 0), 61: (25, 25), 300: (0, 0), second: (25, 25), third: (25, 25)}


def test_a_broken_policy_file_is_a_one_line_error(server: Server, tmp_path, monkeypatch):
    policy = tmp_path / "crawl.toml"
    policy.write_text("[pages]\nrecheck_after = ['soon']\n", encoding="utf-8")
    monkeypatch.setenv("EDUNEWS_CRAWL_POLICY", str(policy))
    url = server.base + "/sitemap.xml"
    result = CliRunner().invoke(
        app, ["ingest", url, "--allow-private", "--db", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert "'soon' is not a duration" in message and server.paths() == []
