"""How the command line prints: tables, CSV or JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from warehouse.reports import Listing

# Pipes and CI get wide tables instead of cells folded to an 80-column default.
out = Console(width=None if sys.stdout.isatty() else 240)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    """How query results are printed."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def reading() -> Iterator[None]:
    """Turn a missing, locked or bad warehouse, or a refused query, into a one-line error."""
    from warehouse.db import DatabaseLockedError, WarehouseFileError
    from warehouse.queries import QueryFailedError
    from warehouse.search import SearchUnavailableError

    try:
        yield
    except (
        FileNotFoundError,
        NotADirectoryError,
        IsADirectoryError,
        DatabaseLockedError,
        WarehouseFileError,
        SearchUnavailableError,
    ) as exc:
        raise fail(str(exc)) from None
    except QueryFailedError as exc:
        raise fail(f"query failed: {exc}") from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def print_listing(read: Callable[[], Listing], output: OutputFormat) -> None:
    """Read a listing from the warehouse (one-line errors) and print it."""
    with reading():
        listing = read()
    print_rows(listing.columns, listing.rows, output)


def print_rows(
    columns: list[str], rows: Sequence[tuple[object, ...]], output: OutputFormat
) -> None:
    """Print rows as a table, CSV or JSON records."""
    if output is OutputFormat.JSON:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, default=_cell, indent=1) + "\n")
    elif output is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        out.print(table)
        out.print(f"({len(rows)} rows)", style="dim")
