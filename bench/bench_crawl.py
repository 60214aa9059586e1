"""Crawl benchmark: a generated news site of 1,500 articles (sitemap with lastmod, RSS feed)
on 127.0.0.1, crawled by the `edunews` command as the scheduled deployment would.

Runs, each a new `edunews ingest SITEMAP FEED` process against a running Prefect server (as a
deployment's runs are), timed from process start to exit:
  1. first run: every article is new;
  2. unchanged, an hourly run's work: `--force` polls both listings (answered 304), timed
     `--repeat` times;
  3. after 20 new articles: `--force` again.
Then, in this process, the same unchanged run as if one hour later (`now=`), when the newest
pages' first recheck is due. Usage:

    .venv/bin/python bench/bench_crawl.py [--articles 1500] [--new 20] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.httpserver import Server  # noqa: E402
from tests.newssite import NewsSite  # noqa: E402
from tests.prefectserver import prefect_server  # noqa: E402

EDUNEWS = Path(sys.executable).parent / "edunews"
RUN_COLUMNS = (
    "round(seconds_process, 2) AS seconds_process, round(seconds_load, 2) AS seconds_load, "
    "n_new, n_updated, n_unchanged, n_rejected, n_requests, n_listing_requests, "
    "n_new_page_requests, n_recheck_requests, n_responses_304, freshness_p50_seconds, "
    "freshness_p95_seconds"
)


def cli_run(site: NewsSite, db: Path, env: dict[str, str], *, force: bool) -> dict[str, object]:
    """Run `edunews ingest` on the site's listings in a new process; time it; read its run row."""
    args = [str(EDUNEWS), "ingest", site.sitemap, site.feed, "--db", str(db), "--allow-private"]
    args += ["--per-host-delay", "0", *(["--force"] if force else [])]
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"edunews ingest failed:\n{done.stdout}\n{done.stderr}")
    return {"seconds_wall": round(seconds, 2)} | last_run(db)


def last_run(db: Path) -> dict[str, object]:
    """The latest run's counts."""
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(f"SELECT {RUN_COLUMNS} FROM ops.runs ORDER BY started_at DESC LIMIT 1")
        names = [d[0] for d in cursor.description or []]
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def import_seconds() -> float:
    """Seconds a new process takes to start Python and import the ingest flow (its start-up)."""
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_HOME"}  # the bench's is gone
    subprocess.run([sys.executable, "-c", "import flows.ingest"], cwd=ROOT, env=env, check=True)
    return round(time.perf_counter() - started, 2)


def hour_later(site: NewsSite, db: Path) -> dict[str, object]:
    """The unchanged run as if one hour and one minute after the first (in this process)."""
    from prefect.logging.handlers import APILogHandler

    from flows.ingest import ingest
    from tasks.web.client import FetchSettings

    ingest(
        sources=[site.sitemap, site.feed],
        db_path=str(db),
        allow_private=True,
        fetch=FetchSettings(per_host_delay=0.0),
        force=True,
        now=datetime.now(UTC) + timedelta(minutes=61),
    )
    APILogHandler().flush()  # send the run's logs before the server stops
    return last_run(db)


def main() -> None:
    """Build the site, run the crawls, print (and optionally save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--new", type=int, default=20)
    parser.add_argument("--per-day", type=float, default=100.0, help="the site's publishing rate")
    parser.add_argument("--repeat", type=int, default=3, help="unchanged runs to time")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        db = Path(tmp) / "w.duckdb"
        home = Path(tmp) / "prefect"
        home.mkdir()
        with prefect_server(home) as (env, api):
            os.environ.update(PREFECT_API_URL=api, PREFECT_HOME=env["PREFECT_HOME"])
            env = env | {"PREFECT_LOGGING_LEVEL": "WARNING"}
            server = Server()
            try:
                spacing = timedelta(days=1) / options.per_day
                site = NewsSite(server, options.articles, spacing=spacing)
                hits = len(server.paths())
                results["1 first run"] = cli_run(site, db, env, force=False)
                results["1 first run"]["page_hits"] = len(site.page_hits(hits))
                for repeat in range(options.repeat):  # the figure that matters: take the median
                    hits = len(server.paths())
                    results[f"2 unchanged #{repeat + 1}"] = cli_run(site, db, env, force=True)
                    results[f"2 unchanged #{repeat + 1}"]["page_hits"] = len(site.page_hits(hits))
                site.add(options.new, datetime.now(UTC))
                hits = len(server.paths())
                results["3 new articles"] = cli_run(site, db, env, force=True)
                results["3 new articles"]["page_hits"] = len(site.page_hits(hits))
                hits = len(server.paths())
                results["4 unchanged, 1 h later"] = hour_later(site, db)
                results["4 unchanged, 1 h later"]["page_hits"] = len(site.page_hits(hits))
            finally:
                server.close()
    results["start-up"] = {"seconds_import_flow": import_seconds()}
    for name, figures in results.items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    if options.json:
        options.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
