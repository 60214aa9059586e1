"""Measure edunews on the labelled development sets and print one table (`make eval`).

Run by hand, never in CI: the sets and their scorers stay in ../shared/eval and
../shared/corpora, and the events texts are fetched by hand into .eval/events-dev/ (see
../shared/eval/README.md; the folder is git-ignored). Each measure ingests its set into a fresh
warehouse under .eval/ and scores it with the set's own scorer, beside plain Trafilatura where
that applies. A set that is not present is reported as skipped.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDUNEWS = ROOT / ".venv" / "bin" / "edunews"
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
    return parser.parse_args()


def ingest(inputs: Path, db: Path) -> None:
    """Ingest a folder into a fresh warehouse."""
    db.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "spool", ignore_errors=True)
    subprocess.run(
        [str(EDUNEWS), "ingest", str(inputs), "--db", str(db)],
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


def _bodies(found: re.Match[str] | None) -> str:
    return f"{found['f']} ({found['p']}, {found['r']})" if found else "scorer output not understood"


def main() -> None:
    """Run every measure whose set is present and print the table."""
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = measure_bodies(args.shared, args.work) + measure_events(args.shared, args.work)
    print("| measure | edunews | plain Trafilatura |\n|---|---|---|")
    for name, ours, plain in rows:
        print(f"| {name} | {ours} | {plain} |")


if __name__ == "__main__":
    main()
