"""What the HTML report shows, read from the warehouse: deals, places, actors, keywords, runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import duckdb

from warehouse.db import execute_script, read_sql
from warehouse.queries import QueryFailedError, read_only

Records = list[dict[str, object]]
TOP_ACTORS = 15  # organisations and people in the report's bar charts
TOP_KEYWORDS = 12  # terms in the keywords-over-time chart


@dataclass(frozen=True)
class ReportData:
    """The report's tables, one record per row, values JSON-ready (dates as ISO text)."""

    articles: int
    deals: Records  # analytics.partnerships + the deal's day, newest first
    provinces: Records  # province_code, articles
    signings: Records  # source, target, deals: organisations that signed with each other
    organisations: Records  # name, kind, articles, deals
    people: Records  # name, role, articles
    keywords: Records  # month, term, articles, weight
    runs: Records  # run_id, flow, status, started, outcome, articles
    rejects: Records  # run_id, started, reason, rejects


def read_report_data(db_path: str | None, since: date | None = None) -> ReportData:
    """Read the report's tables from the warehouse (read-only).

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        since: Only articles published on or after this day (Beijing time), and what was
            found in them; only runs started on or after it. None: everything.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse refused a read (a file from before enrichment).
    """
    params: dict[str, object] = {"since": since, "limit": TOP_ACTORS}
    with read_only(db_path) as con:
        try:
            execute_script(con, "report_scope", params)
            (articles,) = con.execute("SELECT count(*) FROM report_articles").fetchone() or (0,)
            return ReportData(
                articles=int(articles),
                deals=_records(con, "report_deals", params),
                provinces=_records(con, "report_provinces", params),
                signings=_records(con, "report_signings", params),
                organisations=_records(con, "report_organisations", params),
                people=_records(con, "report_people", params),
                keywords=_records(con, "report_keywords", {**params, "limit": TOP_KEYWORDS}),
                runs=_records(con, "report_runs", params),
                rejects=_records(con, "report_rejects", params),
            )
        except duckdb.Error as exc:
            raise QueryFailedError(str(exc)) from exc


def _records(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object]) -> Records:
    sql = read_sql(name)
    (statement,) = duckdb.extract_statements(sql)
    cursor = con.execute(sql, {key: params[key] for key in statement.named_parameters})
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
