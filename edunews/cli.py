"""The `edunews` command line: ingest, query, search, export, report, raw, runs, rejects."""

from __future__ import annotations

import atexit
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from edunews.output import OutputFormat, err, fail, out, print_listing, print_rows, reading

if TYPE_CHECKING:
    from schemas import RunSummary

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
INTERRUPTED = 130  # the shell's exit code for a command stopped by Ctrl-C (128 + SIGINT)

AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow fetching loopback/private addresses.")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb)."),
]


class Runner(StrEnum):
    """Where batches run."""

    LOCAL = "local"  # a process pool on this machine
    DASK = "dask"  # a Dask cluster (temporary local one, or --dask-address)


class ExportFormat(StrEnum):
    """File formats of `edunews export`."""

    PARQUET = "parquet"


def _prefect_defaults(verbose: bool) -> None:
    """Quiet, offline-safe Prefect defaults unless the user has set them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server needs 17-37 s to start on a busy two-core machine (measured with
    # prefect 3.8.8 and 3.9.1); Prefect's default of 20 s failed 2 of 4 cold `make run`s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    if not verbose:
        # The CLI prints its own summary and errors; the Prefect UI still gets every log.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def _require_warehouse(db: str | None) -> None:
    from warehouse.db import resolve_db_path

    if not resolve_db_path(db).exists():
        raise fail(f"no warehouse at {resolve_db_path(db)} yet: run `edunews ingest` first")


@app.command()
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, URL-list files, or URLs of pages, sitemaps and feeds "
            "(default: the seed corpus)."
        ),
    ] = None,
    db: DbOption = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Upper bound on inputs per batch task.")
    ] = 200,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 2,
    lock_timeout: Annotated[
        float, typer.Option(min=0, help="Seconds to wait for a locked warehouse.")
    ] = 60.0,
    allow_private: AllowPrivateOption = False,
    per_host_delay: Annotated[
        float, typer.Option(min=0, help="Seconds between requests to one host.")
    ] = 1.0,
    runner: Annotated[Runner, typer.Option(help="Run batches locally or on Dask.")] = Runner.LOCAL,
    dask_address: Annotated[
        str | None, typer.Option(help="tcp://HOST:PORT of a running Dask scheduler.")
    ] = None,
    enrich: Annotated[
        bool, typer.Option(help="Enrich new articles now (else later with `edunews enrich`).")
    ] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Poll every sitemap and feed, due or not.")
    ] = False,
    package_size: Annotated[
        int, typer.Option(min=1, help="Inputs per load package (each committed as it is done).")
    ] = 1000,
    verbose: VerboseOption = False,
) -> None:
    """Ingest news files into the warehouse and print the run summary."""
    _prefect_defaults(verbose)
    from schemas import RejectReason
    from tasks.batch.planning import plan_batches
    from tasks.batch.pool import early_pool
    from tasks.sources.files import SEED_CORPUS, SourceNotFoundError, discover_sources
    from tasks.sources.listing import is_web_url
    from tasks.web.client import FetchSettings
    from tasks.web.urlguard import check_url

    given = list(sources or [str(SEED_CORPUS)])
    try:  # report a mistyped path or a refused URL before starting a run
        local = discover_sources([s for s in given if not is_web_url(s)])
    except SourceNotFoundError as exc:
        raise fail(str(exc), 2) from None
    for url in filter(is_web_url, given):
        refusal = check_url(url, allow_private)
        if refusal is not None and refusal.reason in (
            RejectReason.BAD_URL,
            RejectReason.BLOCKED_ADDRESS,
        ):
            raise fail(refusal.detail, 2)  # an unresolvable host is a reject of the run instead
    # The workers warm up on the other core while this process imports the flow and Prefect.
    early = 0
    if runner is Runner.LOCAL:
        local_only = not any(map(is_web_url, given))
        early = len(plan_batches(local, batch_size, workers)) if local_only else workers
    with early_pool(min(early, workers)):
        from flows.ingest import ingest as ingest_flow

        flow_fn = ingest_flow
        if runner is Runner.DASK:
            from flows.runners import dask_runner

            flow_fn = ingest_flow.with_options(task_runner=dask_runner(dask_address))
        _run_and_report(
            lambda: flow_fn(
                sources=list(sources) if sources else None,
                db_path=db,
                batch_size=batch_size,
                workers=workers,
                lock_timeout=lock_timeout,
                allow_private=allow_private,
                fetch=FetchSettings(per_host_delay=per_host_delay),
                process_pool=runner is Runner.LOCAL,
                show_progress=sys.stderr.isatty(),
                enrich=enrich,
                force=force,
                package_size=package_size,
            )
        )


@app.command()
def refresh(
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    lock_timeout: Annotated[float, typer.Option(min=0)] = 60.0,
    verbose: VerboseOption = False,
) -> None:
    """Re-fetch known article pages with conditional GET and store what changed."""
    _prefect_defaults(verbose)
    from flows.refresh import refresh as refresh_flow

    _require_warehouse(db)
    _run_and_report(
        lambda: refresh_flow(
            db_path=db,
            lock_timeout=lock_timeout,
            allow_private=allow_private,
            show_progress=sys.stderr.isatty(),
        )
    )


@app.command()
def enrich(
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Enrichment processes.")] = 2,
    lock_timeout: Annotated[float, typer.Option(min=0)] = 60.0,
    verbose: VerboseOption = False,
) -> None:
    """Enrich stored articles not yet enriched by the current rules (no fetching)."""
    _prefect_defaults(verbose)
    from flows.enrich import enrich as enrich_flow

    _require_warehouse(db)
    _run_and_report(lambda: enrich_flow(db_path=db, workers=workers, lock_timeout=lock_timeout))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file in the format of seeds.json.")],
    db: DbOption = None,
    show_errors: Annotated[
        bool, typer.Option("--errors", "-e", help="List missed and spurious records.")
    ] = False,
) -> None:
    """Print precision and recall of events, people and places against a gold file."""
    from edunews.evaluate import GoldFileError, load_gold
    from edunews.evaluate import evaluate as run_evaluation

    try:
        labels = load_gold(gold)
    except GoldFileError as exc:
        raise fail(str(exc), 2) from None
    with reading():
        scores = run_evaluation(db, labels)
    rows = [
        (s.kind, s.gold, s.predicted, s.matched_gold, _rate(s.precision), _rate(s.recall))
        for s in scores
    ]
    print_rows(
        ["kind", "gold", "predicted", "found", "precision", "recall"], rows, OutputFormat.TABLE
    )
    if show_errors:
        for score in scores:
            for line in score.missed:
                out.print(f"missed  {score.kind}: {line}", highlight=False)
            for line in score.spurious:
                out.print(f"spurious {score.kind}: {line}", highlight=False)


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    db: DbOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TABLE,
) -> None:
    """Run read-only SQL on the warehouse and print the result."""
    from warehouse.reports import run_query

    print_listing(lambda: run_query(db, sql), output)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="What to look for: 科大讯飞 智慧课堂")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many articles.")] = 20,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only articles published on or after this day."),
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option(help="Only articles of this outlet (repeatable).")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
) -> None:
    """Find articles by words, best BM25 match first, with a snippet (matches in «»)."""
    from tasks.enrich.nlp.segment import query_words
    from warehouse.search import search as search_index

    words = query_words(text)  # segmented as the index's tokens are: 科大讯飞 stays one word
    if not words:
        raise fail(f"nothing to search for in {text!r}: give words, not only punctuation", 2)
    day = since.date() if since else None
    print_listing(lambda: search_index(db, words, limit=limit, since=day, outlets=outlet), output)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the files into.")],
    db: DbOption = None,
    file_format: Annotated[
        ExportFormat, typer.Option("--format", help="File format.")
    ] = ExportFormat.PARQUET,
) -> None:
    """Write every core, enrich and analytics table and view as a file (schema.table.parquet)."""
    from warehouse.export import export_parquet

    with reading():
        written = export_parquet(db, out_dir)
    rows = [(t.name, t.rows, str(t.path)) for t in written]
    print_rows(["table", "rows", "file"], rows, OutputFormat.TABLE)


@app.command()
def report(
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", help="HTML file to write (default: report.html beside the warehouse)."
        ),
    ] = None,
    db: DbOption = None,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only articles published on or after this day."),
    ] = None,
) -> None:
    """Write the report: one HTML file of charts that opens from disk, offline."""
    from tasks.report.build import build_report

    with reading():
        built = build_report(db, out_file, since.date() if since else None)
    out.print(
        f"report: {built.path} ({built.articles} articles, {built.deals} deals, "
        f"{built.size / 1e6:.1f} MB, {built.seconds:.1f} s)",
        highlight=False,
    )


@app.command()
def raw(
    key: Annotated[str, typer.Argument(help="A payload's sha256 or an article id (or a prefix).")],
    out_file: Annotated[
        Path | None, typer.Option("--out", help="File to write the bytes to (default: stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the exact bytes an input had when it was read or fetched."""
    from warehouse.raw import RawNotFoundError, raw_payload

    with reading():
        try:
            payload = raw_payload(db, key)
        except ValueError as exc:
            raise fail(str(exc), 2) from None
        except RawNotFoundError as exc:
            raise fail(str(exc)) from None
    if out_file is None:
        sys.stdout.buffer.write(payload.content)
        sys.stdout.buffer.flush()
    else:
        try:
            out_file.write_bytes(payload.content)
        except OSError as exc:
            raise fail(f"cannot write {out_file}: {exc.strerror or exc}") from None
        err.print(
            f"{len(payload.content)} bytes of {payload.source_uri} → {out_file}",
            markup=False, highlight=False,
        )  # fmt: skip
    if not payload.is_complete:
        err.print(f"note: only the first {len(payload.content)} of {payload.size} bytes were kept")


@app.command()
def runs(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Most recent runs to show.")] = 20,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
) -> None:
    """List recent ingest runs with their counts."""
    from warehouse.reports import recent_runs

    print_listing(lambda: recent_runs(db, limit), output)


@app.command()
def sources(
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
) -> None:
    """List the sitemaps and feeds crawled: last fetched, last new item, next due, failures."""
    from warehouse.reports import listing_states

    print_listing(lambda: listing_states(db), output)


@app.command()
def rejects(
    db: DbOption = None,
    run: Annotated[
        str | None, typer.Option(help="Only this run (default: the latest run).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
    retry: Annotated[
        bool, typer.Option("--retry", help="Ingest the run's failed URLs again.")
    ] = False,
    allow_private: AllowPrivateOption = False,
) -> None:
    """List rejected inputs with their stage, reason and detail (or fetch them again)."""
    if retry:
        _retry_failed_fetches(db, run, allow_private)
        return
    from warehouse.reports import run_rejects

    print_listing(lambda: run_rejects(db, run, limit), output)


def _retry_failed_fetches(db: str | None, run: str | None, allow_private: bool) -> None:
    """Ingest again the URLs whose fetch failed in a run (default: the latest)."""
    _prefect_defaults(verbose=False)
    from flows.ingest import ingest as ingest_flow
    from warehouse.db import DatabaseLockedError, WarehouseFileError
    from warehouse.queries import failed_fetches

    try:
        urls = failed_fetches(db, run)
    except (FileNotFoundError, DatabaseLockedError, WarehouseFileError) as exc:
        raise fail(str(exc)) from None
    if not urls:
        out.print("no failed fetches to retry")
        return
    _run_and_report(lambda: ingest_flow(sources=urls, db_path=db, allow_private=allow_private))


def _run_and_report(run_flow: Callable[[], RunSummary]) -> None:
    """Run a flow (with a temporary Prefect server if none is configured) and print its summary.

    A locked or bad warehouse is a one-line error; Ctrl-C ends the command with code 130.
    """
    from edunews.apiserver import ApiServerError, temporary_api
    from flows.runs import watch_ctrl_c
    from tasks.load.report import render_summary
    from tasks.sources.policy import PolicyError
    from warehouse.db import DatabaseLockedError, WarehouseFileError

    watch_ctrl_c()
    try:
        with temporary_api(), _without_heartbeats():
            summary = run_flow()
    except (DatabaseLockedError, WarehouseFileError, ApiServerError, PolicyError) as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail(
            "interrupted: the run is recorded as interrupted with the packages it committed; "
            "run the command again to do the rest",
            INTERRUPTED,
        ) from None
    out.print(render_summary(summary), highlight=False)


@contextmanager
def _without_heartbeats() -> Iterator[None]:
    """Send no flow-run heartbeats unless PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set.

    A run waits for its heartbeat thread, which sleeps in steps of 1 s, when it ends (0.5 s on
    average); a command's run has its user watching, and deployments' runs keep heartbeats.
    """
    if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" in os.environ:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def main() -> None:
    """Run the CLI, and end its process without the interpreter's teardown."""
    status: list[int] = []
    atexit.register(_end_now, status)  # runs last, after the exit handlers Prefect registers
    try:
        app()
    except SystemExit as exc:
        status.append(exc.code if isinstance(exc.code, int) else int(exc.code is not None))
        raise


def _end_now(status: list[int]) -> None:
    """Flush the output and exit with the command's status at once.

    Tearing down the ~2,000 modules a flow command imports takes 0.4-0.5 s and saves nothing:
    warehouse files are closed and Prefect's logs and events sent before exit handlers run.
    """
    if status:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status[0])
