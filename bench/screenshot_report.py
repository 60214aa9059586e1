"""Build the report of a warehouse and screenshot it in headless Chromium (the README's picture).

`make screenshot` runs it on the seeds warehouse that `make run` builds: it writes the report,
opens it from disk through Playwright with the system's Chromium (/usr/bin/chromium, installed
by `make browser`; never `playwright install`), checks that no request left the file and that
every chart drew, and saves a full-page PNG. Prints the report's size and build time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tasks.report.build import build_report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def screenshot(html: Path, png: Path, width: int) -> list[str]:
    """Save a full-page screenshot of html; return the requests that were not file:// URLs."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 1200})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_function(
            "[...document.querySelectorAll('[data-chart]')]"
            ".every(n => n.dataset.drawn || n.dataset.error)",
            timeout=30_000,
        )
        errors = page.eval_on_selector_all("[data-error]", "ns => ns.map(n => n.dataset.error)")
        if errors:
            sys.exit(f"charts failed to draw: {errors}")
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png), full_page=True)
        browser.close()
    return [url for url in requests if not url.startswith("file://")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="warehouse (default: $EDUNEWS_DB or data/edunews.duckdb)")
    parser.add_argument("--png", type=Path, default=Path("docs/report.png"))
    parser.add_argument("--width", type=int, default=1000)
    args = parser.parse_args()
    built = build_report(args.db)
    print(f"report: {built.path} ({built.size:,} bytes, built in {built.seconds:.1f} s)")
    remote = screenshot(built.path, args.png, args.width)
    if remote:
        sys.exit(f"the report requested other hosts: {remote}")
    print(f"screenshot: {args.png} (no request besides file://)")


if __name__ == "__main__":
    main()
