"""Measure edunews on the labelled development sets and print one table (`make eval`).

Run by hand, never in CI: the sets and their scorers stay in ../shared/eval and
../shared/corpora, and the events texts are fetched by hand into .eval/events-dev/ (see
../shared/eval/README.md; the folder is git-ignored). Each measure ingests its set into a fresh
warehouse under .eval/ and scores it with the set's own scorer, beside plain Trafilatura where
that applies. Publication dates are scored against bench/dates_checked.tsv, our own list of the
dates shown on pages of ../shared/corpora, checked by hand (Beijing day). A set that is not
present is reported as skipped.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import trafilatura

ROOT = Path(__file__).resolve().parents[1]
EDUNEWS = ROOT / ".venv" / "bin" / "edunews"
DATES_CHECKED = ROOT / "bench" / "dates_checked.tsv"
BEIJING = timezone(timedelta(hours=8))
BODIES = re.compile(r"chrF1 (?P<f>[\d.]+) \(P (?P<p>[\d.]+) R (?P<r>[\d.]+)\)")
EVENTS = re.compile(
    r"events: P (?P<p>[\d.]+) R (?P<r>[\d.]+) .*?ignoring dates P (?P<pn>[\d.]+) R (?P<rn>[\d.]+)"
    r"; people: P (?P<pp>[\d.]+) R (?P<pr>[\d.]+)"
)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="shared folder")
    parser.add_argument("--work", type=Path, default=ROOT / ".eval", help="scratch folder")
    parser.add_argument("--errors", action="store_true", help="list the wrong and missed dates")
    return parser.parse_args()


def ingest(inputs: Path | list[Path], db: Path) -> None:
    """Ingest a folder (or files) into a fresh warehouse."""
    db.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "spool", ignore_errors=True)
    sources = [str(p) for p in inputs] if isinstance(inputs, list) else [str(inputs)]
    subprocess.run(
        [str(EDUNEWS), "ingest", *sources, "--db", str(db)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def score(script: Path, *args: str) -> str:
    """Run one of the set's scorers and return what it printed."""
    done = subprocess.run(
        [sys.executable, str(script), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def measure_bodies(shared: Path, work: Path) -> list[tuple[str, str, str]]:
    """Body chrF1 on magic-html-zh: edunews and plain trafilatura.extract on the same bytes."""
    corpus = shared / "corpora" / "magic-html-zh"
    if not corpus.is_dir():
        return [("bodies (magic-html-zh)", "skipped: no corpus", "")]
    db = work / "bodies.duckdb"
    ingest(corpus / "html", db)
    scorer, truth = shared / "eval" / "score_bodies.py", str(corpus / "ground-truth.json")
    ours = BODIES.search(score(scorer, truth, str(db)))
    plain = BODIES.search(score(scorer, truth, "--trafilatura", str(corpus / "html")))
    return [("bodies chrF1 (P, R), 43 pages", _bodies(ours), _bodies(plain))]


def measure_events(shared: Path, work: Path) -> list[tuple[str, str, str]]:
    """Events and people on the events dev set, when its texts are in .eval/events-dev/."""
    texts, labels = work / "events-dev", shared / "eval" / "events-dev.json"
    if not texts.is_dir() or not labels.is_file():
        return [("events (events-dev)", "skipped: no texts in .eval/events-dev", "")]
    db = work / "events.duckdb"
    ingest(texts, db)
    found = EVENTS.search(score(shared / "eval" / "score_events.py", str(db), str(labels)))
    if found is None:
        return [("events (events-dev)", "scorer output not understood", "")]
    return [
        ("events P / R (parties and date)", f"{found['p']} / {found['r']}", ""),
        ("events P / R (parties only)", f"{found['pn']} / {found['rn']}", ""),
        ("people P / R", f"{found['pp']} / {found['pr']}", ""),
    ]


def measure_dates(shared: Path, work: Path, errors: bool) -> list[tuple[str, str, str]]:
    """Publication dates on the pages of bench/dates_checked.tsv: coverage and precision."""
    corpora = shared / "corpora"
    with DATES_CHECKED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((ln for ln in handle if not ln.startswith("#")), delimiter="\t"))
    pages = {str(corpora / row["path"]): row for row in rows if (corpora / row["path"]).is_file()}
    if not pages:
        return [("dates (dates_checked.tsv)", "skipped: no pages in ../shared/corpora", "")]
    db = work / "dates.duckdb"
    ingest([Path(p) for p in pages], db)
    with duckdb.connect(str(db), read_only=True) as con:
        found = dict(
            con.execute(
                "select s.source_uri, a.published_at from core.article_sources s"
                " join core.articles a using (article_id)"
            ).fetchall()
        )
    ours = {p: _day(value) if value is not None else None for p, value in found.items()}
    plain = {p: _plain_day(Path(p)) for p in pages}
    if errors:
        for path, row in pages.items():
            if (ours.get(path) or "-") != row["expected"]:
                print(
                    f"date {ours.get(path)} for {row['expected']}: {row['path']}", file=sys.stderr
                )
    mine, theirs = _date_scores(pages, ours), _date_scores(pages, plain)
    return [
        (f"dates found, {mine[0][1]} pages showing one", _share(*mine[0]), _share(*theirs[0])),
        ("dates right, of those found", _share(*mine[1]), _share(*theirs[1])),
        (f"dates given, {mine[2][1]} pages showing none", str(mine[2][0]), str(theirs[2][0])),
    ]


def _date_scores(
    pages: dict[str, dict[str, str]], days: dict[str, str | None]
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """(found, showing one), (right, found), (given, showing none) for one extractor's days."""
    dated = [p for p, row in pages.items() if row["expected"] != "-"]
    given = [p for p in dated if days.get(p)]
    right = [p for p in given if days[p] == pages[p]["expected"]]
    undated = [p for p in pages if p not in dated]
    return (
        (len(given), len(dated)),
        (len(right), len(given)),
        (sum(1 for p in undated if days.get(p)), len(undated)),
    )


def _plain_day(page: Path) -> str | None:
    """Plain Trafilatura's publication day for a page (its metadata, htmldate included)."""
    document = trafilatura.bare_extraction(page.read_bytes(), with_metadata=True)
    day = getattr(document, "date", None)
    return day if isinstance(day, str) and day else None


def _day(value: datetime) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d")


def _share(part: int, whole: int) -> str:
    return f"{part} / {whole} ({100 * part / whole:.0f} %)" if whole else "0 / 0"


def _bodies(found: re.Match[str] | None) -> str:
    return f"{found['f']} ({found['p']}, {found['r']})" if found else "scorer output not understood"


def main() -> None:
    """Run every measure whose set is present and print the table."""
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = (
        measure_bodies(args.shared, args.work)
        + measure_events(args.shared, args.work)
        + measure_dates(args.shared, args.work, args.errors)
    )
    print("| measure | edunews | plain Trafilatura |\n|---|---|---|")
    for name, ours, plain in rows:
        print(f"| {name} | {ours} | {plain} |")


if __name__ == "__main__":
    main()
